package ru.saigabot.bot.store;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/** The figures /stats shows to the bot's admins: whole-bot counts, no one's content. */
public final class StatsStore {

    /**
     * @param cachedPromptShare  the share of the last day's prompt tokens llama.cpp took from its cache, in percent
     * @param shortenedAnswers   the last day's answers whose prompts left out old turns to fit the context
     */
    public record Stats(long users, long activeUsers, long messages, long messagesLastDay, long likes, long dislikes,
                        double tokensPerSecond, double cachedPromptShare, long shortenedAnswers) {}

    public Stats read(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement();
             ResultSet row = statement.executeQuery(
                     "SELECT (SELECT count(*) FROM tg_user), "
                             + "(SELECT count(DISTINCT author_id) FROM message WHERE created_at > now() - interval '1 day'), "
                             + "(SELECT count(*) FROM message), "
                             + "(SELECT count(*) FROM message WHERE created_at > now() - interval '1 day'), "
                             + "(SELECT count(*) FILTER (WHERE vote = 1) FROM feedback), "
                             + "(SELECT count(*) FILTER (WHERE vote = -1) FROM feedback), "
                             // generation speed: tokens over the time after the first one
                             + "(SELECT coalesce(sum(completion_tokens) * 1000.0 / nullif(sum(duration_ms - ttft_ms), 0), 0) "
                             + "FROM message WHERE role = 'assistant' AND created_at > now() - interval '1 day' "
                             + "AND duration_ms > ttft_ms), "
                             + "(SELECT coalesce(sum(cached_prompt_tokens) * 100.0 / nullif(sum(prompt_tokens), 0), 0) "
                             + "FROM message WHERE role = 'assistant' AND created_at > now() - interval '1 day'), "
                             + "(SELECT count(*) FROM message WHERE role = 'assistant' AND dropped_turns > 0 "
                             + "AND created_at > now() - interval '1 day')")) {
            row.next();
            return new Stats(row.getLong(1), row.getLong(2), row.getLong(3), row.getLong(4), row.getLong(5),
                    row.getLong(6), row.getDouble(7), row.getDouble(8), row.getLong(9));
        }
    }
}
