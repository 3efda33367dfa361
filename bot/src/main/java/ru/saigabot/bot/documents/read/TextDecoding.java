package ru.saigabot.bot.documents.read;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Bytes of a .txt or .md file to a string. UTF-8 when the bytes are valid UTF-8 (with or without a byte order mark),
 * UTF-16 when a byte order mark says so, and otherwise windows-1251: the encoding of Russian text saved by Windows
 * Notepad before 2019 and by 1C, and by far the likeliest non-UTF-8 encoding of a Russian .txt. Every byte is a
 * character in windows-1251, so the fallback never fails; a file in another single-byte encoding comes out garbled
 * rather than refused.
 */
final class TextDecoding {

    static final Charset WINDOWS_1251 = Charset.forName("windows-1251");

    private TextDecoding() {
    }

    static String decode(byte[] content) {
        if (startsWith(content, 0xEF, 0xBB, 0xBF)) {
            return new String(content, 3, content.length - 3, StandardCharsets.UTF_8);
        }
        if (startsWith(content, 0xFF, 0xFE)) {
            return new String(content, 2, content.length - 2, StandardCharsets.UTF_16LE);
        }
        if (startsWith(content, 0xFE, 0xFF)) {
            return new String(content, 2, content.length - 2, StandardCharsets.UTF_16BE);
        }
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(content))
                    .toString();
        } catch (CharacterCodingException notUtf8) {
            // Not an error: the expected sign of a windows-1251 file (see the class comment).
            return new String(content, WINDOWS_1251);
        }
    }

    static boolean hasUtf16Bom(byte[] content) {
        return startsWith(content, 0xFF, 0xFE) || startsWith(content, 0xFE, 0xFF);
    }

    private static boolean startsWith(byte[] content, int... prefix) {
        if (content.length < prefix.length) {
            return false;
        }
        for (int i = 0; i < prefix.length; i++) {
            if ((content[i] & 0xFF) != prefix[i]) {
                return false;
            }
        }
        return true;
    }
}
