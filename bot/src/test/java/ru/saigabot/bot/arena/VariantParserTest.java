package ru.saigabot.bot.arena;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import ru.saigabot.inference.GenerationParams;
import ru.saigabot.inference.catalog.ModelCatalog;

class VariantParserTest {
    private final VariantParser parser = new VariantParser(ModelCatalog.builtIn());

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "saiga_llama3_8b                               | saiga_llama3_8b        | -      | saiga_llama3_8b",
            "saiga_llama3_8b+style                         | saiga_llama3_8b        | style  | saiga_llama3_8b+style",
            "/m/tiny.gguf                                  | /m/tiny.gguf           | -      | /m/tiny.gguf",
            "/m/a+b/tiny.GGUF+v1.2                         | /m/a+b/tiny.GGUF       | v1.2   | /m/a+b/tiny.GGUF+v1.2",
            "/m/x@y/tiny.gguf                              | /m/x@y/tiny.gguf       | -      | /m/x@y/tiny.gguf",
            "m.gguf@temperature=0.20                       | m.gguf                 | -      | m.gguf@temperature=0.2",
            "m.gguf+lora@seed=7, TOP_P=0.5,temperature=1   | m.gguf                 | lora   | m.gguf+lora@temperature=1,top_p=0.5,seed=7",
            "m.gguf@max_tokens=64,top_k=0,min_p=0,repeat_penalty=1.05 | m.gguf    | -      | m.gguf@top_k=0,min_p=0,repeat_penalty=1.05,max_tokens=64",
    })
    void readsModelAdapterAndParameters(String text, String model, String adapter, String spec) {
        Variant variant = parser.parse(text);
        assertThat(variant.model()).isEqualTo(model);
        assertThat(variant.adapter()).isEqualTo(adapter.equals("-") ? null : adapter);
        assertThat(variant.spec()).isEqualTo(spec);
        assertThat(parser.parse(variant.spec())).as("the canonical spelling reads back").isEqualTo(variant);
    }

    @Test
    void parametersApplyOverTheDefaults() {
        GenerationParams params = parser.parse("m.gguf@temperature=0.7,max_tokens=32").apply(GenerationParams.DEFAULTS);
        assertThat(params).isEqualTo(GenerationParams.DEFAULTS.withTemperature(0.7).withMaxTokens(32));
    }

    @ParameterizedTest(name = "[{index}] {1}")
    @CsvSource(delimiter = '|', value = {
            "''                           | it is empty",
            "llama3                       | 'llama3' is neither a catalog model (saiga_llama3_8b",
            "saiga_llama3_8b+Bad Name     | nor a path to a .gguf file; an adapter after '+'",
            "m.gguf@temperature=3         | temperature = 3.0 is out of range; allowed 0..2",
            "m.gguf@top_p=0               | top_p = 0.0 is out of range",
            "m.gguf@temp=0.5              | unknown parameter 'temp'; known: temperature, top_p",
            "m.gguf@temperature=hot       | temperature = 'hot' is not a number",
            "m.gguf@max_tokens=1.5        | max_tokens = '1.5' is not a whole number",
            "m.gguf@seed=1,seed=2         | parameter 'seed' is given twice",
            "m.gguf@seed=1,               | '' is not key=value",
    })
    void refusesWithAClearMessage(String text, String message) {
        assertThatThrownBy(() -> parser.parse(text)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(message).hasMessageContaining("write MODEL[+ADAPTER][@key=value,...]");
    }
}
