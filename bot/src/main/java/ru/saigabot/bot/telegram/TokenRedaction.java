package ru.saigabot.bot.telegram;

import java.util.IdentityHashMap;
import java.util.Map;

/**
 * Takes the bot token's secret (after the colon; whoever has it controls the bot) out of what a failed call reports.
 * The Bot API puts the token in every URL ({@code /bot<token>/<method>}), and what comes back may repeat that URL:
 * a proxy's error page, a Bot API server's description, and the exceptions of TelegramBots' reader (Jackson quotes
 * the body it could not read) and of the HTTP client, kept as causes and printed with every stack trace.
 */
final class TokenRedaction {
    static final String MASK = "***";
    /** Deeper cause chains are cut: a chain that long is a loop, or nothing anyone reads. */
    private static final int MAX_CAUSES = 16;

    private final String secret;

    TokenRedaction(String token) {
        this.secret = token.substring(token.indexOf(':') + 1);
    }

    /** The text with the secret masked. */
    String text(String text) {
        return holdsSecret(text) ? text.replace(secret, MASK) : text;
    }

    /**
     * The cause as it is when no message in it holds the secret; otherwise a copy that keeps every exception's type,
     * stack and place in the chain, with the secret masked in its messages.
     */
    Throwable cause(Throwable cause) {
        return cause == null || !carriesSecret(cause, 0) ? cause : new Redacted(cause, this, new IdentityHashMap<>(), 0);
    }

    private boolean holdsSecret(String text) {
        return text != null && !secret.isEmpty() && text.contains(secret);
    }

    private boolean carriesSecret(Throwable throwable, int depth) {
        if (throwable == null || depth > MAX_CAUSES) {
            return false;
        }
        // toString too: TelegramBots' request exception prints Telegram's answer there, not in its message.
        if (holdsSecret(throwable.getMessage()) || holdsSecret(throwable.toString())) {
            return true;
        }
        for (Throwable suppressed : throwable.getSuppressed()) {
            if (carriesSecret(suppressed, depth + 1)) {
                return true;
            }
        }
        return carriesSecret(throwable.getCause(), depth + 1);
    }

    /** A throwable's redacted copy: it prints as the original did (its type, its message), less the secret. */
    static final class Redacted extends Exception {
        private static final long serialVersionUID = 1L;
        private final String shown;

        private Redacted(Throwable original, TokenRedaction redaction, Map<Throwable, Redacted> copied, int depth) {
            super(redaction.text(original.getMessage()));
            this.shown = redaction.text(original.toString());
            copied.put(original, this);
            setStackTrace(original.getStackTrace());
            Throwable cause = original.getCause();
            if (cause != null && depth < MAX_CAUSES) {
                Redacted copy = copied.get(cause);
                initCause(copy != null ? copy : new Redacted(cause, redaction, copied, depth + 1));
            }
            for (Throwable suppressed : original.getSuppressed()) {
                if (depth < MAX_CAUSES && !copied.containsKey(suppressed)) {
                    addSuppressed(new Redacted(suppressed, redaction, copied, depth + 1));
                }
            }
        }

        @Override
        public String toString() {
            return shown;
        }
    }
}
