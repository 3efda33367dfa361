package ru.saigabot.bot.web.admin;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ModelLabelTest {

    @Test
    void splitsTheBaseModelFromItsAdapters() {
        assertThat(ModelLabel.of("saiga_llama3_8b")).isEqualTo(new ModelLabel("saiga_llama3_8b", "saiga_llama3_8b", null));
        assertThat(ModelLabel.of("saiga_llama3_8b+style")).isEqualTo(
                new ModelLabel("saiga_llama3_8b+style", "saiga_llama3_8b", "style"));
        assertThat(ModelLabel.of("saiga+style@0.5+tone").adapter()).isEqualTo("style@0.5+tone");
        assertThat(ModelLabel.of("+odd").base()).as("a label that starts with '+' is a name of its own")
                .isEqualTo("+odd");
    }
}
