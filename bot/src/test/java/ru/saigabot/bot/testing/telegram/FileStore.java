package ru.saigabot.bot.testing.telegram;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Every file of every message, by file_id and by file_path, as Telegram keeps them for getFile: what users sent and
 * what the bot uploaded. Telegram makes a file_path on getFile and keeps it for at least an hour; here each file gets
 * its path when it is stored, and it never expires.
 */
final class FileStore {

    /** The Bot API's limit for getFile: bots cannot download bigger files from Telegram's servers. */
    static final long MAX_DOWNLOAD_BYTES = 20L * 1024 * 1024;

    /** The extension Telegram keeps in a file_path: short, letters and digits. */
    private static final Pattern EXTENSION = Pattern.compile("\\.([A-Za-z0-9]{1,10})$");

    record StoredFile(String fileId, String fileUniqueId, String filePath, byte[] content) {

        StoredFile {
            content = content.clone();
        }

        /** A copy: whoever is served the file may change what they got. */
        @Override
        public byte[] content() {
            return content.clone();
        }

        long size() {
            return content.length;
        }
    }

    private final Map<String, StoredFile> byId = new HashMap<>();
    private final Map<String, StoredFile> byPath = new HashMap<>();
    private int nextPathNumber;

    /**
     * The file_id of the file in a message. Telegram's are opaque base64 strings; these only need to be unique and
     * never to collide with one a test makes up to play an unknown file.
     */
    static String fileIdOf(long chatId, int messageId) {
        return "document-" + chatId + "-" + messageId;
    }

    /** Telegram's file_unique_id: the same file keeps it across bots and over time, unlike file_id. */
    static String fileUniqueIdOf(long chatId, int messageId) {
        return "u" + chatId + "-" + messageId;
    }

    /** Keeps the file of message {@code messageId} under its file_id and a new file_path like Telegram's. */
    synchronized StoredFile add(long chatId, int messageId, String fileName, byte[] content) {
        Matcher extension = EXTENSION.matcher(fileName == null ? "" : fileName);
        String path = "documents/file_" + nextPathNumber++ + (extension.find() ? "." + extension.group(1) : "");
        StoredFile file = new StoredFile(fileIdOf(chatId, messageId), fileUniqueIdOf(chatId, messageId), path,
                content);
        byId.put(file.fileId(), file);
        byPath.put(path, file);
        return file;
    }

    synchronized Optional<StoredFile> byId(String fileId) {
        return Optional.ofNullable(byId.get(fileId));
    }

    synchronized Optional<StoredFile> byPath(String filePath) {
        return Optional.ofNullable(byPath.get(filePath));
    }
}
