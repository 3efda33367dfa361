package ru.saigabot.bot.testing.telegram;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;

/** getFile: where to download a file from. The download itself is HTTP's ({@link BotApiHttpServer}). */
final class FileMethods {

    private final FileStore files;

    FileMethods(FileStore files) {
        this.files = files;
    }

    void registerOn(MethodRouter router) {
        router.register("getFile", this::getFile);
    }

    /**
     * A File, as Telegram answers: file_id, file_unique_id, file_size, file_path. Telegram refuses files it would not
     * let the bot download (over 20 MB) here, not on the download.
     */
    private JsonNode getFile(RequestParams params) {
        FileStore.StoredFile file = params.string("file_id").map(String::strip).flatMap(files::byId)
                .orElseThrow(() -> ApiError.badRequest("invalid file_id"));
        if (file.size() > FileStore.MAX_DOWNLOAD_BYTES) {
            throw ApiError.badRequest("file is too big");
        }
        return JsonNodeFactory.instance.objectNode().put("file_id", file.fileId())
                .put("file_unique_id", file.fileUniqueId()).put("file_size", file.size())
                .put("file_path", file.filePath());
    }
}
