package ru.saigabot.bot.web.session;

import ru.saigabot.bot.web.WebIds;

/**
 * A signed-in browser: who it is and the token its page must send with every change.
 *
 * @param tokenHash the SHA-256 of the session cookie, as stored
 * @param webUserId the web user (its chat and user ids follow from it)
 * @param admin     may open the dashboard
 * @param csrfToken sent by the page in {@code X-CSRF-Token}; another site's page cannot read it
 */
public record WebSession(String tokenHash, long webUserId, boolean admin, String csrfToken) {

    /** The web user's chat: its conversations live there. */
    public long chatId() {
        return WebIds.of(webUserId);
    }

    /** The web user as the answer path knows users (requested_by, author_id). */
    public long userId() {
        return WebIds.of(webUserId);
    }

    /** Without the secrets: a record's own toString would put them in any log line that mentions this value. */
    @Override
    public String toString() {
        return "WebSession[webUserId=" + webUserId + ", admin=" + admin + "]";
    }
}
