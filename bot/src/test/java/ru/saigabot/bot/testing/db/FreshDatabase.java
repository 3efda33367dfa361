package ru.saigabot.bot.testing.db;

import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/** Injects the JDBC URL of a new empty database into a test method parameter of type {@link DatabaseUrl}. */
public final class FreshDatabase implements ParameterResolver {

    /** The JDBC URL of a database made for one test. */
    public record DatabaseUrl(String jdbcUrl) {}

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == DatabaseUrl.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        return new DatabaseUrl(TestPostgres.get(context).freshDatabase());
    }
}
