package ru.saigabot.bot.testing.db;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Runs a script written for {@code psql -v name=value --single-transaction -f}, over JDBC: the embedded PostgreSQL
 * ships no psql. Only psql's variables are understood ({@code :'name'} becomes a quoted literal, {@code :"name"} a
 * quoted identifier, as psql quotes them); a script with a backslash command is refused rather than run differently.
 */
public final class PsqlScript {
    private static final Pattern VARIABLE = Pattern.compile(":(['\"])([A-Za-z_][A-Za-z0-9_]*)\\1");
    private static final Pattern BACKSLASH_COMMAND = Pattern.compile("(?m)^\\s*\\\\");

    private PsqlScript() {}

    public static void run(String jdbcUrl, Path script, Map<String, String> variables) throws IOException, SQLException {
        String text = Files.readString(script, StandardCharsets.UTF_8);
        if (BACKSLASH_COMMAND.matcher(text).find()) {
            throw new IllegalArgumentException(script + " uses a psql backslash command: only psql itself can run it");
        }
        Matcher variable = VARIABLE.matcher(text);
        StringBuilder sql = new StringBuilder();
        while (variable.find()) {
            String value = variables.get(variable.group(2));
            if (value == null) {
                throw new IllegalArgumentException(script + " needs -v " + variable.group(2) + "=…");
            }
            String quote = variable.group(1);
            variable.appendReplacement(sql, Matcher.quoteReplacement(quote + value.replace(quote, quote + quote) + quote));
        }
        variable.appendTail(sql);
        try (Connection connection = DriverManager.getConnection(jdbcUrl)) {
            connection.setAutoCommit(false);
            try (Statement statement = connection.createStatement()) {
                statement.execute(sql.toString());
            }
            connection.commit();
        }
    }
}
