package ru.saigabot.inference.gguf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TinyVocabularyTest {

    private final TinyVocabulary vocab = TinyVocabulary.create();
    private final List<String> tokens = vocab.tokens();

    @Test
    void startsLikeLlama2WithControlThenByteTokens() {
        assertThat(tokens.subList(0, 3)).containsExactly("<unk>", "<s>", "</s>");
        assertThat(vocab.types()).startsWith(2, 3, 3, 6);
        assertThat(tokens.get(TinyVocabulary.FIRST_BYTE_ID)).isEqualTo("<0x00>");
        assertThat(tokens.get(TinyVocabulary.FIRST_BYTE_ID + '\n')).isEqualTo("<0x0A>");
        assertThat(tokens.get(TinyVocabulary.LAST_BYTE_ID)).isEqualTo("<0xFF>");
        assertThat(vocab.types()[TinyVocabulary.LAST_BYTE_ID]).isEqualTo(6);
        assertThat(vocab.types()[TinyVocabulary.LAST_BYTE_ID + 1]).isEqualTo(1);
        assertThat(tokens.get(TinyVocabulary.LAST_BYTE_ID + 1)).isEqualTo("▁");
    }

    @Test
    void hasOneToTwoThousandUniqueTokens() {
        assertThat(vocab.size()).isEqualTo(TinyVocabulary.baseSize()).isBetween(1000, 2100);
        assertThat(tokens).doesNotHaveDuplicates(); // llama.cpp asserts this and would abort the JVM
    }

    @Test
    void everyLetterDigitAndCommonMarkIsAPieceSoNoTextFallsBackToBytes() {
        for (char c : "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZабвгдеёжзийклмнопрстуфхцчшщъыьэюя"
                .concat("АБВГДЕЁЖЗИЙКЛМНОПРСТУФХЦЧШЩЪЫЬЭЮЯ0123456789").toCharArray()) {
            assertThat(tokens).contains(String.valueOf(c), "▁" + c);
        }
        for (char c : ".,!?:;-()\"'«»—…%".toCharArray()) {
            assertThat(tokens).contains(String.valueOf(c));
        }
    }

    @Test
    void longerPiecesScoreHigherAndComeWithAllTheirPrefixes() {
        Map<String, Float> scores = new HashMap<>();
        float[] s = vocab.scores();
        for (int id = TinyVocabulary.LAST_BYTE_ID + 1; id < tokens.size(); id++) {
            scores.put(tokens.get(id), s[id]);
        }
        for (String piece : scores.keySet()) {
            for (int end = 1; end < piece.length(); end++) {
                String prefix = piece.substring(0, end);
                assertThat(scores).as("prefix of %s", piece).containsKey(prefix);
                assertThat(scores.get(piece)).as("%s over %s", piece, prefix).isGreaterThan(scores.get(prefix));
            }
        }
        assertThat(scores).containsKeys("▁Привет", "▁Как", "▁дела", "▁Hello", "▁world");
    }

    @Test
    void padsToALargerSizeWithUnreachablePieces() {
        TinyVocabulary padded = TinyVocabulary.create(vocab.size() + 3);

        assertThat(padded.tokens()).endsWith("[pad0]", "[pad1]", "[pad2]");
        assertThat(padded.tokens()).doesNotContain("[p"); // so merging never reaches "[pad0]"
        assertThatThrownBy(() -> TinyVocabulary.create(100)).hasMessageStartingWith("the vocabulary needs at least");
    }

    @Test
    void addedTokensFollowThePiecesWithTheirTypesAndLeaveEveryOtherIdAlone() {
        TinyVocabulary added = TinyVocabulary.create(vocab.size() + 3, List.of(
                new TinyVocabulary.AddedToken("<|im_start|>", TinyVocabulary.TokenType.CONTROL),
                new TinyVocabulary.AddedToken("<tool_call>", TinyVocabulary.TokenType.USER_DEFINED)));

        assertThat(added.tokens().subList(0, vocab.size())).isEqualTo(tokens);
        assertThat(added.tokens().subList(vocab.size(), vocab.size() + 3))
                .containsExactly("<|im_start|>", "<tool_call>", "[pad0]");
        assertThat(added.types()[vocab.size()]).isEqualTo(3);
        assertThat(added.types()[vocab.size() + 1]).isEqualTo(4);
        assertThatThrownBy(() -> TinyVocabulary.create(vocab.size() + 1,
                TinyVocabulary.AddedToken.control("</s>"))).hasMessageContaining("</s> already");
        assertThatThrownBy(() -> new TinyVocabulary.AddedToken("x", TinyVocabulary.TokenType.NORMAL))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
