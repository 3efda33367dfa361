package ru.saigabot.inference.text;

import java.util.BitSet;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The strings a tokenizer reads as special tokens ({@code </s>}, {@code <|eot_id|>}, {@code [INST]}), and how text
 * written by people keeps them as text.
 *
 * <p>llama.cpp tokenizes a completion prompt with special-token parsing on, because the chat template writes its
 * control tokens as text; so the same string typed in a message would become the same control token and forge a
 * turn. {@link #neutralise} breaks every occurrence with an invisible character ({@link #breaker()}, U+200B ZERO
 * WIDTH SPACE unless a special string contains it) after its first character: {@code </s>} becomes
 * {@code <}ZWSP{@code /s>}, which the tokenizer reads as ordinary characters and the model still reads as
 * {@code </s>}. Removing the strings instead would change what was asked ("what does {@code </s>} mean in HTML?").
 *
 * <p>Why one breaker after the first character is enough: no special string contains the breaker, so an occurrence
 * in the result lies inside a run of original characters; every occurrence of the original text has a breaker right
 * after its first character, so no run holds a whole one. A one-character special string cannot be broken; none of
 * the supported vocabularies has one, and it is left as it is.
 */
public final class SpecialTokenText {

    /** ZWSP first: it is common in web text, so models have seen it (Llama 3's vocabulary has it as one token). */
    private static final List<Character> BREAKERS = List.of('\u200B', '\u2060', '\u200C', '\uFEFF');
    private static final SpecialTokenText NONE = new SpecialTokenText(Set.of(), BREAKERS.get(0), new Node());

    private final Set<String> strings;
    private final char breaker;
    private final Node root;

    private SpecialTokenText(Set<String> strings, char breaker, Node root) {
        this.strings = strings;
        this.breaker = breaker;
        this.root = root;
    }

    public static SpecialTokenText none() {
        return NONE;
    }

    /**
     * @param specials the strings a tokenizer matches as single special tokens (empty strings are ignored)
     * @throws IllegalArgumentException when special strings contain every invisible character there is to break
     *                                  them with
     */
    public static SpecialTokenText of(Collection<String> specials) {
        Set<String> strings = new TreeSet<>();
        for (String special : specials) {
            if (!special.isEmpty()) {
                strings.add(special);
            }
        }
        if (strings.isEmpty()) {
            return NONE;
        }
        char breaker = BREAKERS.stream().filter(c -> strings.stream().noneMatch(s -> s.indexOf(c) >= 0)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("every invisible character that could keep special "
                        + "tokens as text (" + BREAKERS + ") is part of one of them"));
        Node root = new Node();
        for (String special : strings) {
            if (special.length() > 1) {
                root.add(special);
            }
        }
        return new SpecialTokenText(Set.copyOf(strings), breaker, root);
    }

    /** These strings and {@code more}. */
    public SpecialTokenText plus(Collection<String> more) {
        if (more.isEmpty()) {
            return this;
        }
        Set<String> all = new TreeSet<>(strings);
        all.addAll(more);
        return of(all);
    }

    public Set<String> strings() {
        return strings;
    }

    /** The invisible character {@link #neutralise} inserts. */
    public char breaker() {
        return breaker;
    }

    /** Whether {@code text} holds a special string that {@link #neutralise} would break. */
    public boolean occursIn(String text) {
        for (int i = 0; i < text.length(); i++) {
            if (root.matchesAt(text, i)) {
                return true;
            }
        }
        return false;
    }

    /** {@code text} with every special string broken by {@link #breaker()} after its first character. */
    public String neutralise(String text) {
        StringBuilder out = null;
        int copied = 0;
        for (int i = 0; i < text.length(); i++) {
            if (root.matchesAt(text, i)) {
                if (out == null) {
                    out = new StringBuilder(text.length() + 16);
                }
                out.append(text, copied, i + 1).append(breaker);
                copied = i + 1;
            }
        }
        return out == null ? text : out.append(text, copied, text.length()).toString();
    }

    @Override
    public String toString() {
        return "SpecialTokenText[" + strings.size() + " strings, breaker U+"
                + Integer.toHexString(breaker).toUpperCase(Locale.ROOT) + "]";
    }

    /** A trie of the special strings: a position is checked in one walk, however many strings there are. */
    private static final class Node {
        private final Map<Character, Node> next = new HashMap<>();
        /** At the root: the characters special strings start with, so that most positions cost one bit test. */
        private final BitSet starts = new BitSet();
        private boolean end;

        void add(String special) {
            starts.set(special.charAt(0));
            Node node = this;
            for (int i = 0; i < special.length(); i++) {
                node = node.next.computeIfAbsent(special.charAt(i), c -> new Node());
            }
            node.end = true;
        }

        boolean matchesAt(String text, int from) {
            if (!starts.get(text.charAt(from))) {
                return false;
            }
            Node node = this;
            for (int i = from; i < text.length(); i++) {
                node = node.next.get(text.charAt(i));
                if (node == null) {
                    return false;
                }
                if (node.end) {
                    return true;
                }
            }
            return false;
        }
    }
}
