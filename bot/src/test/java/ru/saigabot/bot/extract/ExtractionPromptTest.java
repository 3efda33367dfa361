package ru.saigabot.bot.extract;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ExtractionPromptTest {

    @Test
    void showsTheSchemaAndAsksForJsonWithNullForWhatTheTextDoesNotSay() {
        CheckedSchema contact = SchemaPresets.get("contact").orElseThrow();
        String prompt = ExtractionPrompt.systemPrompt("contact", contact);
        assertThat(prompt).startsWith("Ты извлекаешь данные из текста. Заполни по тексту пользователя JSON «контакт» "
                        + "по этой JSON-схеме; в полях description сказано, что означает каждое поле:\n")
                .contains(contact.json() + "\n")
                .contains("ничего не придумывай", "пиши null", "пустой список []", "ГГГГ-ММ-ДД")
                .endsWith("Ответь только JSON, без пояснений и без Markdown.");
    }

    @Test
    void namesACallersSchemaAsItIsAndNoneWhenBlank() {
        assertThat(ExtractionPrompt.systemPrompt(" weather_report ", CheckedSchema.JSON_OBJECT))
                .contains("JSON «weather_report» по этой JSON-схеме").contains("{\"type\":\"object\"}");
        assertThat(ExtractionPrompt.systemPrompt("", CheckedSchema.JSON_OBJECT)).contains("JSON по этой JSON-схеме");
        assertThat(ExtractionPrompt.systemPrompt(null, CheckedSchema.JSON_OBJECT)).contains("JSON по этой JSON-схеме");
    }
}
