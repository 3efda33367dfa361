package ru.saigabot.bot.documents.read;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import ru.saigabot.bot.documents.read.DocumentRefused.Reason;

class PlainTextReadingTest {

    private final DocumentReader reader = new DocumentReader();

    @Test
    void readsUtf8WithOrWithoutAByteOrderMark() throws Exception {
        byte[] plain = "Привет, мир!".getBytes(StandardCharsets.UTF_8);
        byte[] bom = new byte[plain.length + 3];
        bom[0] = (byte) 0xEF;
        bom[1] = (byte) 0xBB;
        bom[2] = (byte) 0xBF;
        System.arraycopy(plain, 0, bom, 3, plain.length);

        assertThat(reader.read("a.txt", "text/plain", plain).text()).isEqualTo("Привет, мир!");
        assertThat(reader.read("a.txt", "text/plain", bom).text()).isEqualTo("Привет, мир!");
    }

    @Test
    void fallsBackToWindows1251WhenTheBytesAreNotUtf8() throws Exception {
        byte[] cp1251 = "Съешь же ещё этих мягких французских булок, да выпей чаю."
                .getBytes(Charset.forName("windows-1251"));

        ReadDocument document = reader.read("старый.txt", null, cp1251);

        assertThat(document.text()).isEqualTo("Съешь же ещё этих мягких французских булок, да выпей чаю.");
        assertThat(document.parts()).singleElement().satisfies(part -> {
            assertThat(part.page()).isNull();
            assertThat(part.section()).isNull();
        });
    }

    @Test
    void readsUtf16WithAByteOrderMark() throws Exception {
        byte[] utf16 = "\uFEFFТекст в UTF-16.".getBytes(StandardCharsets.UTF_16LE);

        assertThat(reader.read("a.txt", null, utf16).text()).isEqualTo("Текст в UTF-16.");
    }

    @Test
    void markdownIsSplitByHeadingsOutsideCodeBlocks() throws Exception {
        String markdown = """
                Вступление.

                # Установка

                Скачайте архив.
                ```bash
                # это комментарий, а не заголовок
                ./install.sh
                ```
                ## Настройка ##
                Откройте файл.
                #### Мелочи
                Подробности.
                """;

        ReadDocument document = reader.read("README.md", null, markdown.getBytes(StandardCharsets.UTF_8));

        assertThat(document.format()).isEqualTo(DocumentFormat.MARKDOWN);
        assertThat(document.parts()).extracting(DocumentPart::section).containsExactly(null, "Установка", "Настройка");
        assertThat(document.parts().get(1).text())
                .isEqualTo("Скачайте архив.\n```bash\n# это комментарий, а не заголовок\n./install.sh\n```");
        assertThat(document.parts().get(2).text()).isEqualTo("Откройте файл.\n#### Мелочи\nПодробности.");
    }

    @Test
    void aTextFileThatIsBinaryIsRefused() {
        byte[] binary = {'M', 'Z', 0, 0, 1, 2, 3};

        assertThatExceptionOfType(DocumentRefused.class)
                .isThrownBy(() -> reader.read("a.txt", null, binary))
                .satisfies(e -> assertThat(e.reason()).isEqualTo(Reason.UNSUPPORTED_TYPE));
    }

    @Test
    void tooMuchTextIsRefusedAsTooLong() {
        DocumentReader strict = new DocumentReader(ReadLimits.DEFAULTS.withMaxChars(100));

        assertThatExceptionOfType(DocumentRefused.class)
                .isThrownBy(() -> strict.read("a.txt", null, "слово ".repeat(50).getBytes(StandardCharsets.UTF_8)))
                .satisfies(e -> assertThat(e.reason()).isEqualTo(Reason.TOO_LONG));
    }
}
