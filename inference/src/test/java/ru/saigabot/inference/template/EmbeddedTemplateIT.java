package ru.saigabot.inference.template;

import static org.assertj.core.api.Assertions.assertThat;

import de.kherud.llama.LlamaModel;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import ru.saigabot.inference.ChatMessage;
import ru.saigabot.inference.gguf.GgufFile;
import ru.saigabot.inference.template.TemplateDetection.Outcome;

/** The file's own template, rendered by the real llama.cpp (b4916, through java-llama.cpp) from the tiny model. */
class EmbeddedTemplateIT {

    /** A format of our own, which no built-in template and no llama.cpp built-in knows. */
    private static final String CUSTOM = "{% for message in messages %}{{ '### ' + message['role'] + ': ' "
            + "+ message['content'] + '\\n' }}{% endfor %}{% if add_generation_prompt %}{{ '### assistant:' }}"
            + "{% endif %}";
    private static final String SAIGA = "{% for message in messages %}{% if message['role'] == 'assistant' %}"
            + "{% set role = 'bot' %}{% else %}{% set role = message['role'] %}{% endif %}"
            + "{{ bos_token + role + '\\n' + message['content'] + eos_token + '\\n' }}{% endfor %}"
            + "{% if add_generation_prompt %}{{ bos_token + 'bot' }}{% endif %}";
    private static final String CHATML = "{% for message in messages %}{{ '<|im_start|>' + message['role'] + '\\n' "
            + "+ message['content'] + '<|im_end|>\\n' }}{% endfor %}{% if add_generation_prompt %}"
            + "{{ '<|im_start|>assistant\\n' }}{% endif %}";

    @TempDir
    Path dir;

    @Test
    void llamaCppRendersATemplateThatNoBuiltInFormatMatches() throws IOException {
        GgufFile file = TinyModels.withTemplate(dir.resolve("custom.gguf"), CUSTOM);
        TemplateDetection detection = ChatTemplates.detect(file.metadata());

        assertThat(detection.outcome()).isEqualTo(Outcome.EMBEDDED);
        try (LlamaModel model = TinyModels.load(file.path(), true)) {
            ChatTemplate template = bind(detection, model);

            assertThat(template.render(SampleConversation.fourMessages())).isEqualTo(
                    "### system: " + SampleConversation.SYSTEM + "\n"
                            + "### user: Как дела?\n"
                            + "### assistant: Отлично, а у тебя?\n"
                            + "### user: Шикарно. Как пройти в библиотеку?\n"
                            + "### assistant:");
        }
    }

    @Test
    void emojiSurviveTheRoundTripThroughLlamaCpp() throws IOException {
        GgufFile file = TinyModels.withTemplate(dir.resolve("custom.gguf"), CUSTOM);
        List<ChatMessage> messages = List.of(ChatMessage.system("Ты — Сайга 🦊"), ChatMessage.user("Привет! 😀👍🏽"));

        try (LlamaModel model = TinyModels.load(file.path(), true)) {
            assertThat(bind(ChatTemplates.detect(file.metadata()), model).render(messages))
                    .isEqualTo("### system: Ты — Сайга 🦊\n### user: Привет! 😀👍🏽\n### assistant:");
        }
    }

    /** More distinct characters outside the BMP than the BMP has private-use characters (6,400). */
    @Test
    void anyNumberOfDistinctEmojiAndRareCharactersSurviveTheRoundTrip() throws IOException {
        GgufFile file = TinyModels.withTemplate(dir.resolve("custom.gguf"), CUSTOM);
        String many = IntStream.range(0, 10_000).map(i -> 0x20000 + i)
                .collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append).toString();
        String question = many.substring(0, 12_000) + " 😀\uE000";
        String answer = many.substring(12_000);

        try (LlamaModel model = TinyModels.load(file.path(), true)) {
            assertThat(bind(ChatTemplates.detect(file.metadata()), model).render(List.of(ChatMessage.system("🦊"),
                    ChatMessage.user(question), ChatMessage.assistant(answer), ChatMessage.user("и 😀?"))))
                    .isEqualTo("### system: 🦊\n### user: " + question + "\n### assistant: " + answer
                            + "\n### user: и 😀?\n### assistant:");
        }
    }

    @Test
    void llamaCppRemovesALeadingBosFromTheRenderedTemplate() throws IOException {
        GgufFile file = TinyModels.withTemplate(dir.resolve("bos.gguf"), "{{ bos_token }}" + CUSTOM);

        try (LlamaModel model = TinyModels.load(file.path(), true)) {
            String prompt = bind(ChatTemplates.detect(file.metadata()), model)
                    .render(List.of(ChatMessage.user("Привет!")));

            // so EmbeddedTemplate writes no BOS, and the tokenizer adds one when the file asks for it
            assertThat(prompt).isEqualTo("### user: Привет!\n### assistant:");
        }
    }

    @Test
    void withoutJinjaLlamaCppSilentlyReplacesAnUnknownTemplateWithChatMl() throws IOException {
        GgufFile file = TinyModels.withTemplate(dir.resolve("custom.gguf"), CUSTOM);

        try (LlamaModel model = TinyModels.load(file.path(), false)) {
            assertThat(bind(ChatTemplates.detect(file.metadata()), model).render(List.of(ChatMessage.user("Привет!"))))
                    .isEqualTo("<|im_start|>user\nПривет!<|im_end|>\n<|im_start|>assistant\n");
        }
    }

    @Test
    void aSaigaTemplateInTheFileIsRecognisedAndLlamaCppRendersItTheSameWay() throws IOException {
        GgufFile file = TinyModels.withTemplate(dir.resolve("saiga.gguf"), SAIGA);
        TemplateDetection detection = ChatTemplates.detect(file.metadata());

        assertThat(detection.outcome()).isEqualTo(Outcome.RECOGNISED);
        assertThat(detection.template()).isInstanceOf(SaigaV2Template.class);
        try (LlamaModel model = TinyModels.load(file.path(), true)) {
            String byLlamaCpp = new LlamaTemplateRenderer(model).render(SampleConversation.fourMessages());

            // llama.cpp's rendering drops the leading BOS, as our template does for a tokenizer that adds it
            assertThat(byLlamaCpp).isEqualTo(new SaigaV2Template()
                    .renderForCompletion(SampleConversation.fourMessages(), true));
        }
    }

    @Test
    void aChatMlTemplateIsLeftToLlamaCppWhenTheVocabularyLacksItsTokens() throws IOException {
        GgufFile file = TinyModels.withTemplate(dir.resolve("chatml.gguf"), CHATML);

        TemplateDetection detection = ChatTemplates.detect(file.metadata());

        assertThat(detection.outcome()).isEqualTo(Outcome.EMBEDDED);
        assertThat(detection.reason()).contains("no <|im_start|>, <|im_end|> token");
    }

    private static ChatTemplate bind(TemplateDetection detection, LlamaModel model) {
        return ((EmbeddedTemplate) detection.template()).bind(new LlamaTemplateRenderer(model));
    }
}
