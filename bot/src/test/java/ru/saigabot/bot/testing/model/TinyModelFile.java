package ru.saigabot.bot.testing.model;

import java.nio.file.Path;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/** Injects the tiny model's path into a test parameter of type {@link ModelPath}. */
public final class TinyModelFile implements ParameterResolver {

    /** Where the tiny GGUF model is. */
    public record ModelPath(Path path) {}

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == ModelPath.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        return new ModelPath(TinyModel.get(context));
    }
}
