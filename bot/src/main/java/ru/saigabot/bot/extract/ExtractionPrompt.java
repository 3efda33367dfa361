package ru.saigabot.bot.extract;

/**
 * The system prompt of an extraction. The grammar already forces JSON of the schema's shape; the prompt is what makes
 * the model fill it from the user's text: it sees the schema itself, so each field's {@code description} tells it
 * what goes there, and it is told to write null rather than invent what the text does not say.
 */
public final class ExtractionPrompt {

    private ExtractionPrompt() {}

    /**
     * @param schemaName a preset's name (its Russian title is used) or the caller's name for the schema; blank for
     *                   none
     */
    public static String systemPrompt(String schemaName, CheckedSchema schema) {
        String what = schemaName == null || schemaName.isBlank() ? ""
                : " «" + (SchemaPresets.names().contains(schemaName) ? SchemaPresets.russianTitle(schemaName)
                        : schemaName.strip()) + "»";
        return "Ты извлекаешь данные из текста. Заполни по тексту пользователя JSON" + what
                + " по этой JSON-схеме; в полях description сказано, что означает каждое поле:\n"
                + schema.json() + "\n"
                + "Правила:\n"
                + "- Бери сведения только из текста пользователя, ничего не придумывай.\n"
                + "- Если в тексте нет значения для поля, пиши null; если нет ни одного элемента списка — пустой "
                + "список [].\n"
                + "- Даты пиши в формате ГГГГ-ММ-ДД.\n"
                + "- Ответь только JSON, без пояснений и без Markdown.";
    }
}
