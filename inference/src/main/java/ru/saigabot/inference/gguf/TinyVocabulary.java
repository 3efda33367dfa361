package ru.saigabot.inference.gguf;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;

/**
 * A small SentencePiece-style ("llama" tokenizer model) vocabulary for Russian and English test text, laid out like
 * Llama 2's and Mistral's: {@code <unk> <s> </s>}, the 256 byte-fallback tokens, then ordinary pieces, with
 * {@code ▁} (U+2581) standing for a space.
 *
 * <p>How llama.cpp's SPM tokenizer uses it, and why the pieces are chosen so: it starts from single characters and
 * repeatedly merges the adjacent pair whose concatenation is a token with the highest score; a character that is
 * not a token at all falls back to its UTF-8 byte tokens. So every letter, digit and common punctuation mark is a
 * token (no byte fallback for Russian or English text), every multi-character piece comes with all its prefixes
 * (so that merging can actually reach it), and a piece's score grows with its length (longer pieces win).
 * Newline has no piece, as in Llama 2, and becomes the byte token {@code <0x0A>}.
 *
 * <p>{@link AddedToken}s (a chat format's control tokens, such as Llama 3's {@code <|eot_id|>}) follow the pieces,
 * as tokens added to a trained vocabulary do, so the ids of everything before them stay the same.
 */
public final class TinyVocabulary {

    public static final int UNK_ID = 0;
    public static final int BOS_ID = 1;
    public static final int EOS_ID = 2;
    /** Byte-fallback tokens {@code <0x00>..<0xFF>} are ids {@code FIRST_BYTE_ID .. FIRST_BYTE_ID + 255}. */
    public static final int FIRST_BYTE_ID = 3;
    public static final int LAST_BYTE_ID = FIRST_BYTE_ID + 255;
    public static final String SPACE = "\u2581";

    /** llama.cpp's {@code llama_token_type}, stored in {@code tokenizer.ggml.token_type}. */
    public enum TokenType {
        NORMAL(1), UNKNOWN(2), CONTROL(3), USER_DEFINED(4), UNUSED(5), BYTE(6);

        private final int id;

        TokenType(int id) {
            this.id = id;
        }

        public int id() {
            return id;
        }
    }

    private static final String RUSSIAN_WORDS = "и в не на я быть он с что а по это она этот к но они мы как из у"
            + " который то за свой весь год от так о для ты же все тот мочь вы человек такой его сказать только"
            + " или ещё бы себя один уже до время если сам когда другой вот говорить наш мой знать стать при чтобы"
            + " дело дела жизнь кто первый очень два день её новый рука даже во со раз где там под можно ну какой"
            + " после их работа без самый потом надо хотеть ли слово идти большой должен место иметь теперь тоже"
            + " друг дом сейчас здесь хорошо спасибо привет пожалуйста да нет здравствуйте вопрос ответ помочь"
            + " помощь бот модель текст пример сегодня завтра вчера есть был была было были меня тебя вас нас мне"
            + " тебе вам нам им ему ей мир русский язык пока добрый утро вечер ночь сделать можешь может хочу"
            + " знаю думаю люблю нужно написать расскажи объясни почему зачем сколько много мало";
    private static final String RUSSIAN_PIECES = "ст но то на ен ов ни ра во ко пр ал ре по ол ан ер ет ли ла ор ос"
            + " ва ро ка ат ть ся ие ий ый ая ое ые ом ем ам ах ей ой ую ет ит ут ют ешь ишь ого его ому ему ами ями"
            + " ыми ими ться ение ость ени ова про ать ить ние ния тся ста ест ель ани ств вет ива ова ско чес ные";
    private static final String ENGLISH_WORDS = "the of and to a in is you that it he was for on are as with his"
            + " they I at be this have from or one had by word but not what all were we when your can said there"
            + " use an each which she do how their if will up other about out many then them these so some her"
            + " would make like him into time has look two more write go see number no way could people my than"
            + " first water been call who its now find long down day did get come made may part hello world"
            + " thanks please yes help model text bot user system question answer good";
    private static final String ENGLISH_PIECES = "th he in er an re on at en nd ti es or te of ed is it al ar st to"
            + " nt ng se ha as ou io le ve co me de hi ri ro ic ne ea ra ce li ch ll be ma si om ur the ing and"
            + " ion tio ent ati for her ter hat tha ere ate his con res ver all ons nce men ith ted ers pro thi"
            + " wit are ess not ive was ect rea com eve per int est sta cti ica ist ear ain one our iti rat";
    private static final String PUNCTUATION = ". , ! ? : ; - – — ( ) [ ] { } \" ' « » … / \\ | % + = * @ # $ & _ < > ~"
            + " ^ ` № ... ?! !! ). ), .» ,» :) ▁— ▁- ▁( ▁« ▁\" ▁–";

    private static final List<String> PIECES = pieces();

    /** A token added after the pieces; llama.cpp matches CONTROL and USER_DEFINED ones whole, before merging. */
    public record AddedToken(String text, TokenType type) {
        public AddedToken {
            Objects.requireNonNull(text, "text");
            Objects.requireNonNull(type, "type");
            if (type != TokenType.CONTROL && type != TokenType.USER_DEFINED) {
                throw new IllegalArgumentException("an added token is CONTROL or USER_DEFINED, not " + type);
            }
        }

        public static List<AddedToken> control(String... texts) {
            return Arrays.stream(texts).map(text -> new AddedToken(text, TokenType.CONTROL)).toList();
        }
    }

    private final List<String> tokens;
    private final float[] scores;
    private final int[] types;

    private TinyVocabulary(List<String> tokens, float[] scores, int[] types) {
        this.tokens = List.copyOf(tokens);
        this.scores = scores;
        this.types = types;
    }

    /** The vocabulary without padding: {@link #baseSize()} tokens. */
    public static TinyVocabulary create() {
        return create(baseSize());
    }

    /**
     * The vocabulary padded to {@code size} tokens with unreachable {@code [padN]} pieces, so a benchmark can have
     * the output-layer cost of a real model's vocabulary (e.g. Llama 3's 128256).
     */
    public static TinyVocabulary create(int size) {
        return create(size, List.of());
    }

    /** The vocabulary with {@code added} after the pieces, padded to {@code size} tokens. */
    public static TinyVocabulary create(int size, List<AddedToken> added) {
        List<String> pieces = PIECES;
        int base = baseSize() + added.size();
        if (size < base) {
            throw new IllegalArgumentException("the vocabulary needs at least " + base + " tokens, not " + size);
        }
        List<String> tokens = new ArrayList<>(size);
        float[] scores = new float[size];
        int[] types = new int[size];
        add(tokens, types, "<unk>", TokenType.UNKNOWN); // Llama 2 marks <unk> UNKNOWN, not CONTROL
        add(tokens, types, "<s>", TokenType.CONTROL);
        add(tokens, types, "</s>", TokenType.CONTROL);
        for (int b = 0; b < 256; b++) {
            // llama.cpp looks byte tokens up by exactly this spelling, with upper-case hex.
            add(tokens, types, String.format(Locale.ROOT, "<0x%02X>", b), TokenType.BYTE);
        }
        for (int i = 0; i < pieces.size(); i++) {
            String piece = pieces.get(i);
            scores[tokens.size()] = piece.codePointCount(0, piece.length()) - (float) i / pieces.size();
            add(tokens, types, piece, TokenType.NORMAL);
        }
        for (AddedToken token : added) {
            if (tokens.contains(token.text())) {
                throw new IllegalArgumentException("the vocabulary has " + token.text() + " already");
            }
            scores[tokens.size()] = 0; // as llama.cpp's converters write added tokens: never reached by merging
            add(tokens, types, token.text(), token.type());
        }
        for (int i = 0; tokens.size() < size; i++) {
            scores[tokens.size()] = -1000; // never reachable by merging anyway: "[p" is not a token
            add(tokens, types, "[pad" + i + "]", TokenType.NORMAL);
        }
        return new TinyVocabulary(tokens, scores, types);
    }

    /** Tokens without padding: the control and byte tokens and the ordinary pieces (about 1.5k). */
    public static int baseSize() {
        return FIRST_BYTE_ID + 256 + PIECES.size();
    }

    public int size() {
        return tokens.size();
    }

    /** {@code tokenizer.ggml.tokens}: the pieces, indexed by token id. */
    public List<String> tokens() {
        return tokens;
    }

    /** {@code tokenizer.ggml.scores}: higher merges first. */
    public float[] scores() {
        return scores.clone();
    }

    /** {@code tokenizer.ggml.token_type}: {@link TokenType} ids. */
    public int[] types() {
        return types.clone();
    }

    private static void add(List<String> tokens, int[] types, String token, TokenType type) {
        types[tokens.size()] = type.id();
        tokens.add(token);
    }

    /** The ordinary pieces, most useful first; unique, and each preceded by all its prefixes. */
    private static List<String> pieces() {
        Set<String> pieces = new LinkedHashSet<>();
        pieces.add(SPACE);
        for (String letters : List.of("abcdefghijklmnopqrstuvwxyz", "абвгдеёжзийклмнопрстуфхцчшщъыьэюя")) {
            for (char c : letters.toCharArray()) {
                String lower = String.valueOf(c);
                String upper = lower.toUpperCase(Locale.ROOT);
                pieces.addAll(List.of(lower, upper, SPACE + lower, SPACE + upper));
            }
        }
        for (char d = '0'; d <= '9'; d++) {
            pieces.add(String.valueOf(d));
            pieces.add(SPACE + d);
        }
        for (String mark : PUNCTUATION.split(" ")) {
            addWithPrefixes(pieces, mark);
        }
        for (String word : (RUSSIAN_WORDS + " " + ENGLISH_WORDS).split(" ")) {
            addWithPrefixes(pieces, SPACE + word);
            addWithPrefixes(pieces, SPACE + capitalize(word));
        }
        for (String piece : (RUSSIAN_PIECES + " " + ENGLISH_PIECES).split(" ")) {
            addWithPrefixes(pieces, piece);
        }
        return List.copyOf(pieces);
    }

    private static void addWithPrefixes(Set<String> pieces, String piece) {
        for (int end = piece.offsetByCodePoints(0, 1); end <= piece.length();
                end = end < piece.length() ? piece.offsetByCodePoints(end, 1) : end + 1) {
            pieces.add(piece.substring(0, end));
        }
    }

    private static String capitalize(String word) {
        return word.substring(0, 1).toUpperCase(Locale.ROOT) + word.substring(1);
    }
}
