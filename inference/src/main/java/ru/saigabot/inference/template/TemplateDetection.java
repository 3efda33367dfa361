package ru.saigabot.inference.template;

import java.util.Objects;

/**
 * Which template a model file gets, and why, in words for the log.
 *
 * @param template the template to use (an unbound {@link EmbeddedTemplate} when llama.cpp must render the file's own)
 * @param outcome  how it was chosen
 * @param reason   one sentence, e.g. "the file's chat template is ChatML (it writes <|im_start|>)"
 */
public record TemplateDetection(ChatTemplate template, Outcome outcome, String reason) {

    public TemplateDetection {
        Objects.requireNonNull(template, "template");
        Objects.requireNonNull(outcome, "outcome");
        Objects.requireNonNull(reason, "reason");
    }

    public enum Outcome {
        /** The file's template is one of the built-in formats. */
        RECOGNISED,
        /** The file has a template that no built-in format matches: llama.cpp renders it. */
        EMBEDDED,
        /** The file has no template: the default format is assumed (worth a warning in the log). */
        DEFAULTED
    }
}
