package ru.saigabot.inference.catalog;

import java.net.http.HttpHeaders;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.regex.Pattern;

/**
 * What the hub says about a file. Hugging Face's {@code resolve} responses for Git LFS files (the redirect, and
 * servers that answer directly) carry {@code X-Linked-Size} (bytes) and {@code X-Linked-Etag} (the LFS object id,
 * i.e. the SHA-256, in quotes). Other files carry a Git SHA-1 as ETag, which is not a content SHA-256 and is
 * ignored.
 */
record HubFileInfo(OptionalLong size, Optional<String> sha256) {

    static final HubFileInfo NONE = new HubFileInfo(OptionalLong.empty(), Optional.empty());

    private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");
    private static final Pattern DIGITS = Pattern.compile("[0-9]{1,18}");

    static HubFileInfo fromHeaders(HttpHeaders headers) {
        OptionalLong size = headers.firstValue("X-Linked-Size").map(String::strip)
                .filter(s -> DIGITS.matcher(s).matches()).map(Long::parseLong).filter(n -> n > 0)
                .map(OptionalLong::of).orElse(OptionalLong.empty());
        Optional<String> sha = headers.firstValue("X-Linked-Etag").map(HubFileInfo::unquote)
                .filter(s -> SHA256.matcher(s).matches());
        return new HubFileInfo(size, sha);
    }

    /** This information, completed with the other's where this has none. */
    HubFileInfo orElse(HubFileInfo other) {
        return new HubFileInfo(size.isPresent() ? size : other.size, sha256.or(other::sha256));
    }

    boolean isEmpty() {
        return size.isEmpty() && sha256.isEmpty();
    }

    private static String unquote(String etag) {
        String value = etag.strip();
        if (value.startsWith("W/")) {
            value = value.substring(2);
        }
        if (value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")) {
            value = value.substring(1, value.length() - 1);
        }
        return value.toLowerCase(Locale.ROOT);
    }
}
