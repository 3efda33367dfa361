package ru.saigabot.inference.template;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import ru.saigabot.inference.gguf.GgufMetadata;
import ru.saigabot.inference.template.TemplateDetection.Outcome;

/** {@link ChatTemplates#detect}: Jinja templates written in the style of each family, with matching vocabularies. */
class ChatTemplateDetectionTest {

    private static final String LLAMA3 = "{{ bos_token }}{% for message in messages %}{{ '<|start_header_id|>' + "
            + "message['role'] + '<|end_header_id|>\\n\\n' + message['content'] | trim + '<|eot_id|>' }}{% endfor %}"
            + "{% if add_generation_prompt %}{{ '<|start_header_id|>assistant<|end_header_id|>\\n\\n' }}{% endif %}";
    private static final String CHATML = "{% for message in messages %}{{ '<|im_start|>' + message['role'] + '\\n' + "
            + "message['content'] + '<|im_end|>' + '\\n' }}{% endfor %}{% if add_generation_prompt %}"
            + "{{ '<|im_start|>assistant\\n' }}{% endif %}";
    private static final String PHI4 = "{% for message in messages %}{{ '<|im_start|>' + message['role'] + "
            + "'<|im_sep|>' + message['content'] + '<|im_end|>' }}{% endfor %}";
    private static final String TEKKEN = "{{ bos_token }}{% if messages[0]['role'] == 'system' %}"
            + "{{ messages[0]['content'] + '\\n\\n' }}{% endif %}{% for message in messages %}"
            + "{% if message['role'] == 'user' %}{{ '[INST]' + message['content'] + '[/INST]' }}"
            + "{% elif message['role'] == 'assistant' %}{{ message['content'] + eos_token }}{% endif %}{% endfor %}";
    private static final String MISTRAL_V1 = "{{ bos_token }}{% for message in messages %}"
            + "{% if message['role'] == 'user' %}{{ ' [INST] ' + message['content'] + ' [/INST]' }}"
            + "{% else %}{{ ' ' + message['content'] + eos_token }}{% endif %}{% endfor %}";
    private static final String LLAMA2 = "{% for message in messages %}{% if message['role'] == 'system' %}"
            + "{{ '<<SYS>>\\n' + message['content'] + '\\n<</SYS>>\\n\\n' }}{% elif message['role'] == 'user' %}"
            + "{{ bos_token + '[INST] ' + message['content'] + ' [/INST]' }}{% endif %}{% endfor %}";
    private static final String SAIGA = "{% for message in messages %}{% if message['role'] == 'assistant' %}"
            + "{% set role = 'bot' %}{% else %}{% set role = message['role'] %}{% endif %}"
            + "{{ bos_token + role + '\\n' + message['content'] + eos_token + '\\n' }}{% endfor %}"
            + "{% if add_generation_prompt %}{{ bos_token + 'bot' }}{% endif %}";
    private static final String YANDEX_STYLE = "{% for message in messages %}{% if message['role'] == 'user' %}"
            + "{{ ' Пользователь: ' + message['content'] + '\\n\\n' }}{% else %}"
            + "{{ ' Ассистент: ' + message['content'] + '\\n\\n' }}{% endif %}{% endfor %}"
            + "{% if add_generation_prompt %}{{ ' Ассистент:[SEP]' }}{% endif %}";

    private static final List<String> LLAMA3_VOCAB = List.of("<|begin_of_text|>", "<|end_of_text|>",
            "<|start_header_id|>", "<|end_header_id|>", "<|eot_id|>", "Привет");
    private static final List<String> SENTENCEPIECE_VOCAB = List.of("<unk>", "<s>", "</s>", "▁Привет");
    private static final List<String> TEKKEN_VOCAB = List.of("<unk>", "<s>", "</s>", "[INST]", "[/INST]", "Привет");
    private static final List<String> QWEN_VOCAB = List.of("<|endoftext|>", "<|im_start|>", "<|im_end|>", "Привет");

    @Test
    void aFileWithoutATemplateGetsSaigaV2AndTheReasonSaysSo() {
        TemplateDetection detection = ChatTemplates.detect(GgufMetadata.builder()
                .putStringArray("tokenizer.ggml.tokens", SENTENCEPIECE_VOCAB).build());

        assertThat(detection.template()).isInstanceOf(SaigaV2Template.class);
        assertThat(detection.outcome()).isEqualTo(Outcome.DEFAULTED);
        assertThat(detection.reason()).contains("no chat template (tokenizer.chat_template)").contains("saiga_v2");
    }

    @Test
    void aBlankTemplateIsNoTemplate() {
        assertThat(detect(" \n", SENTENCEPIECE_VOCAB).outcome()).isEqualTo(Outcome.DEFAULTED);
    }

    @Test
    void recognisesLlama3Headers() {
        TemplateDetection detection = detect(LLAMA3, LLAMA3_VOCAB);

        assertThat(detection.template()).isInstanceOf(Llama3Template.class);
        assertThat(detection.outcome()).isEqualTo(Outcome.RECOGNISED);
        assertThat(detection.reason()).contains("Llama-3").contains("using llama3");
    }

    @Test
    void llama3HeadersInAVocabularyWithoutBeginOfTextAreLeftToLlamaCpp() {
        TemplateDetection detection = detect(LLAMA3, List.of("<s>", "</s>", "<|start_header_id|>",
                "<|end_header_id|>", "<|eot_id|>"));

        assertThat(detection.template()).isInstanceOf(EmbeddedTemplate.class);
        assertThat(detection.outcome()).isEqualTo(Outcome.EMBEDDED);
        assertThat(detection.reason()).contains("looks like Llama-3").contains("no <|begin_of_text|> token");
    }

    @Test
    void recognisesChatMl() {
        assertThat(detect(CHATML, QWEN_VOCAB).template()).isInstanceOf(ChatMlTemplate.class);
    }

    @Test
    void chatMlMarkersWithAnotherSeparatorAreNotChatMl() {
        assertThat(detect(PHI4, QWEN_VOCAB).outcome()).isEqualTo(Outcome.EMBEDDED);
    }

    @Test
    void recognisesMistralTekken() {
        assertThat(detect(TEKKEN, TEKKEN_VOCAB).template()).isInstanceOf(MistralTemplate.class);
    }

    @Test
    void tekkenMarkersThatAreNotTokensAreLeftToLlamaCpp() {
        TemplateDetection detection = detect(TEKKEN, SENTENCEPIECE_VOCAB);

        assertThat(detection.outcome()).isEqualTo(Outcome.EMBEDDED);
        assertThat(detection.reason()).contains("no [INST], [/INST] token");
    }

    @Test
    void instructFormatsWithSpacesAreNotTekken() {
        assertThat(detect(MISTRAL_V1, SENTENCEPIECE_VOCAB).outcome()).isEqualTo(Outcome.EMBEDDED);
        assertThat(detect(LLAMA2, SENTENCEPIECE_VOCAB).outcome()).isEqualTo(Outcome.EMBEDDED);
    }

    @Test
    void recognisesSaigasBotRole() {
        TemplateDetection detection = detect(SAIGA, SENTENCEPIECE_VOCAB);

        assertThat(detection.template()).isInstanceOf(SaigaV2Template.class);
        assertThat(detection.outcome()).isEqualTo(Outcome.RECOGNISED);
    }

    @Test
    void anyOtherTemplateIsRenderedByLlamaCppFromTheFile() {
        TemplateDetection detection = detect(YANDEX_STYLE, SENTENCEPIECE_VOCAB);

        assertThat(detection.outcome()).isEqualTo(Outcome.EMBEDDED);
        assertThat(detection.reason()).isEqualTo("the file's chat template is none of the built-in formats "
                + "(saiga_v2, llama3, chatml, mistral); llama.cpp renders the file's own (gguf)");
        assertThat(detection.template()).isInstanceOfSatisfying(EmbeddedTemplate.class, embedded -> {
            assertThat(embedded.source()).contains(YANDEX_STYLE);
            assertThat(embedded.isBound()).isFalse();
        });
    }

    @Test
    void withoutATokenListTheVocabularyIsNotChecked() {
        TemplateDetection detection = ChatTemplates.detect(GgufMetadata.builder()
                .putString("tokenizer.chat_template", LLAMA3).build());

        assertThat(detection.template()).isInstanceOf(Llama3Template.class);
    }

    private static TemplateDetection detect(String jinja, List<String> vocabulary) {
        return ChatTemplates.detect(GgufMetadata.builder()
                .putString("tokenizer.chat_template", jinja)
                .putStringArray("tokenizer.ggml.tokens", vocabulary)
                .build());
    }
}
