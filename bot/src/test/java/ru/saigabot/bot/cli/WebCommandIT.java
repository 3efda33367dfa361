package ru.saigabot.bot.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import ru.saigabot.bot.store.Database;
import ru.saigabot.bot.testing.cli.CommandRun;
import ru.saigabot.bot.testing.db.FreshDatabase;
import ru.saigabot.bot.testing.db.FreshDatabase.DatabaseUrl;
import ru.saigabot.bot.web.session.SessionStore;

/** {@code saiga-bot web invite} against a real PostgreSQL: the link it prints signs in once; bad input is refused. */
@ExtendWith(FreshDatabase.class)
class WebCommandIT {

    @Test
    void printsALinkThatOpensOneSession(DatabaseUrl db) throws Exception {
        CommandRun invited = CommandRun.of("web", "invite", "--admin", "--expires", "12h", "--url",
                "https://chat.example.org/", "--db-url", db.jdbcUrl());
        assertThat(invited.code()).isEqualTo(ExitCodes.OK);
        String link = invited.lines().get(0);
        assertThat(link).startsWith("https://chat.example.org/invite/inv-");
        assertThat(invited.out()).contains("dashboard");
        try (Database database = Database.open(db.jdbcUrl(), 2)) {
            SessionStore sessions = new SessionStore(database);
            String token = link.substring(link.lastIndexOf('/') + 1);
            assertThat(new FreshDatabaseRows(database).invites(token)).as("only its hash is stored").isZero();
            SessionStore.Opened opened = sessions.redeem(token).orElseThrow();
            assertThat(opened.session().admin()).isTrue();
            assertThat(sessions.find(opened.token())).contains(opened.session());
            assertThat(sessions.redeem(token)).as("once").isEmpty();
            sessions.close(opened.session());
            assertThat(sessions.find(opened.token())).as("signed out").isEmpty();
        }
    }

    @Test
    void refusesBadTimesAndAddresses(DatabaseUrl db) {
        CommandRun badTime = CommandRun.of("web", "invite", "--expires", "soon", "--db-url", db.jdbcUrl());
        assertThat(badTime.code()).isEqualTo(ExitCodes.USER_ERROR);
        assertThat(badTime.err()).contains("--expires 'soon' is not a time", "7d");
        CommandRun badUrl = CommandRun.of("web", "invite", "--url", "chat.example.org", "--db-url", db.jdbcUrl());
        assertThat(badUrl.code()).isEqualTo(ExitCodes.USER_ERROR);
        assertThat(badUrl.err()).contains("is not an http(s) address");
    }

    /** What the database holds of invites, read directly. */
    private record FreshDatabaseRows(Database database) {
        long invites(String token) {
            return database.query(connection -> ru.saigabot.bot.store.Statements.one(connection,
                    "SELECT count(*) AS n FROM web_invite WHERE token_hash = ? OR token_hash LIKE '%' || ? || '%'",
                    row -> row.getLong("n"), token, token.substring(4)).orElse(0L));
        }
    }
}
