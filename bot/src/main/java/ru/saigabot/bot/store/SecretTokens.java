package ru.saigabot.bot.store;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;

/**
 * Secrets the bot hands out (API keys, web invites and sessions): 32 random bytes, and the SHA-256 that is all the
 * database keeps of them, so a copy of the database opens nothing. Looking a secret up by its hash needs no
 * constant-time comparison: choosing a secret for a wanted hash is what SHA-256 makes impossible.
 */
public final class SecretTokens {
    private static final int RANDOM_BYTES = 32;

    private final SecureRandom random = new SecureRandom();

    /** A new secret: {@code prefix}, then 32 random bytes in base64url (safe in URLs, cookies and headers). */
    public String next(String prefix) {
        byte[] secret = new byte[RANDOM_BYTES];
        random.nextBytes(secret);
        return prefix + Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
    }

    /** The hex SHA-256 of {@code secret}: what is stored and looked up. */
    public static String hash(String secret) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(
                    secret.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }
}
