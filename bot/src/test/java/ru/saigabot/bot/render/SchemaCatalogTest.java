package ru.saigabot.bot.render;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import ru.saigabot.bot.store.ExtractionSchemaStore.Registered;

class SchemaCatalogTest {

    @Test
    void presetsComeFirstWithTheirTitlesThenRegisteredSchemas() {
        assertThat(SchemaCatalog.lines(List.of(
                new Registered("bill", "{\"title\":\"Счёт поставщика\",\"type\":\"object\"}"),
                new Registered("wide", "{\"type\":\"object\",\"properties\":{\"a\":{},\"b\":{},\"c\":{},\"d\":{},"
                        + "\"e\":{},\"f\":{},\"g\":{}}}"),
                new Registered("list", "{\"type\":\"array\"}")))).isEqualTo("""
                • contact — контакт
                • event — событие
                • invoice — счёт
                • order — заказ
                • bill — Счёт поставщика
                • wide — a, b, c, d, e, …
                • list""");
    }
}
