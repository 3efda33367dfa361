package ru.saigabot.bot.documents;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class CitationsTest {

    @Test
    void keepsTheNumbersOfPassagesGivenAndRemovesTheRest() {
        Citations.Checked checked = Citations.check("Печать настраивают в меню [1]. Ключ обновляют в настройках [5]. "
                + "Копия — ночью [2, 7].", 3);
        assertThat(checked.text()).isEqualTo("Печать настраивают в меню [1]. Ключ обновляют в настройках. "
                + "Копия — ночью [2].");
        assertThat(checked.cited()).containsExactly(1, 2);
    }

    @Test
    void leavesOtherBracketsAlone() {
        Citations.Checked checked = Citations.check("Массив a[i] и ссылка [x] остаются, [0] нет.", 2);
        assertThat(checked.text()).isEqualTo("Массив a[i] и ссылка [x] остаются, нет.");
        assertThat(checked.cited()).isEmpty();
    }
}
