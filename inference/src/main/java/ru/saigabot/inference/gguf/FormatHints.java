package ru.saigabot.inference.gguf;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/** Guesses what a file that is not GGUF is instead, from its first bytes, to make the error actionable. */
final class FormatHints {

    private FormatHints() {
    }

    /** A clause to append to "not a GGUF file", or "" if nothing is recognised. */
    static String guess(byte[] magic, Path path) {
        String start = new String(magic, StandardCharsets.ISO_8859_1);
        switch (start) {
            case "vers":
                return "; it looks like a Git LFS pointer, not the model itself (run 'git lfs pull')";
            case "lmgg": // 'ggml', 'ggmf' and 'ggjt' were written as little-endian uint32s
            case "fmgg":
            case "tjgg":
                return "; it is an old GGML/GGJT model, which llama.cpp no longer loads (convert it to GGUF)";
            case "PK\u0003\u0004":
                return "; it is a zip archive (a PyTorch checkpoint?), not a llama.cpp model";
            default:
                break;
        }
        if (start.startsWith("<")) {
            return "; it looks like an HTML or XML page (a failed download?)";
        }
        if (start.startsWith("{")) {
            return "; it looks like JSON (a config file rather than the model?)";
        }
        String name = path.getFileName() == null ? "" : path.getFileName().toString();
        if (name.endsWith(".safetensors")) {
            return "; safetensors files must be converted to GGUF first";
        }
        return "";
    }

    /** E.g. {@code 3c 21 44 4f ("<!DO")}. */
    static String describe(byte[] bytes) {
        StringBuilder hex = new StringBuilder();
        StringBuilder text = new StringBuilder();
        for (byte b : bytes) {
            hex.append(hex.length() == 0 ? "" : " ").append(String.format("%02x", b & 0xFF));
            text.append(b >= 0x20 && b < 0x7F ? (char) b : '.');
        }
        return hex + " (\"" + text + "\")";
    }
}
