package ru.saigabot.bot.telegram;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.util.LinkedHashMap;
import java.util.Map;
import okhttp3.MediaType;
import okhttp3.MultipartBody;
import okhttp3.RequestBody;
import org.telegram.telegrambots.meta.api.methods.send.SendDocument;
import org.telegram.telegrambots.meta.api.objects.InputFile;

/**
 * sendDocument as multipart/form-data, the one encoding of the Bot API that carries a file. The file is read once,
 * into the body, so the same body goes again on a retry (a stream could be read only once).
 */
final class DocumentUpload {
    private static final MediaType OCTET_STREAM = MediaType.get("application/octet-stream");

    private DocumentUpload() {}

    /**
     * The fields the bot sets, by their Bot API names (TelegramBots' own client lists them by hand too), objects as
     * JSON text, as Telegram reads them in a form; then the file, as the part {@code document}.
     *
     * @param json writes the objects (reply markup, reply parameters) as TelegramBots' annotations say
     */
    static RequestBody body(SendDocument method, ObjectMapper json) throws IOException {
        InputFile file = method.getDocument();
        if (!file.isNew()) {
            throw new IOException("only a new file is sent as a document here, not a file_id or a URL");
        }
        byte[] content;
        if (file.getNewMediaStream() != null) {
            try (InputStream in = file.getNewMediaStream()) {
                content = in.readAllBytes();
            }
        } else {
            content = Files.readAllBytes(file.getNewMediaFile().toPath());
        }
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("chat_id", method.getChatId());
        fields.put("message_thread_id", method.getMessageThreadId());
        fields.put("caption", method.getCaption());
        fields.put("parse_mode", method.getParseMode());
        fields.put("disable_notification", method.getDisableNotification());
        fields.put("reply_parameters", method.getReplyParameters());
        fields.put("reply_markup", method.getReplyMarkup());
        MultipartBody.Builder form = new MultipartBody.Builder().setType(MultipartBody.FORM);
        for (Map.Entry<String, Object> field : fields.entrySet()) {
            Object value = field.getValue();
            if (value instanceof String || value instanceof Number || value instanceof Boolean) {
                form.addFormDataPart(field.getKey(), value.toString());
            } else if (value != null) {
                form.addFormDataPart(field.getKey(), json.writeValueAsString(value));
            }
        }
        form.addFormDataPart(SendDocument.DOCUMENT_FIELD, file.getMediaName(),
                RequestBody.create(content, OCTET_STREAM));
        return form.build();
    }
}
