package ru.saigabot.bot.testing.telegram;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;

/**
 * What Telegram does to parsed entities before it stores a message, after TDLib's {@code fix_formatted_text}:
 * links, code and other "continuous" entities never overlap (a later one inside or across an earlier one is
 * dropped), quotes never nest, bold/italic/underline/strikethrough/spoiler are merged where they touch, cut at
 * the borders of other entities and removed inside code, and spaces and line breaks at the ends are trimmed.
 * Nothing here is an error: Telegram silently fixes such formatting, so a test sees what a user would.
 */
final class EntityRules {

    private static final List<String> SPLITTABLE = List.of("bold", "italic", "underline", "strikethrough", "spoiler");
    private static final Set<String> QUOTES = Set.of("blockquote", "expandable_blockquote");
    private static final Set<String> CODE = Set.of("pre", "code");
    /** TDLib's order: by offset, longer first, then by a per-type priority (a quote outside a pre outside code). */
    private static final Comparator<TextEntity> ORDER = Comparator.comparingInt(TextEntity::offset)
            .thenComparing(TextEntity::length, Comparator.reverseOrder())
            .thenComparingInt(EntityRules::priority);

    private EntityRules() {
    }

    static FormattedText apply(String text, List<TextEntity> parsed) {
        List<TextEntity> splittable = new ArrayList<>();
        List<TextEntity> quotes = new ArrayList<>();
        List<TextEntity> continuous = new ArrayList<>();
        for (TextEntity entity : parsed) {
            if (SPLITTABLE.contains(entity.type())) {
                splittable.add(entity);
            } else if (QUOTES.contains(entity.type())) {
                quotes.add(entity);
            } else {
                continuous.add(entity.type().equals("code") ? new TextEntity("code", entity.offset(),
                        entity.length(), null) : entity);
            }
        }
        List<TextEntity> outerQuotes = nonIntersecting(quotes);
        List<TextEntity> others = nonIntersecting(continuous);
        others.removeIf(entity -> outerQuotes.stream().anyMatch(quote -> crosses(entity, quote)));
        others.addAll(outerQuotes);
        others.sort(ORDER);
        splittable.sort(ORDER);
        List<TextEntity> all = new ArrayList<>(others);
        all.addAll(new Splitter(splittable).around(others));
        all.sort(ORDER);
        return trim(text, all);
    }

    private static int priority(TextEntity entity) {
        return switch (entity.type()) {
            case "blockquote", "expandable_blockquote" -> 0;
            case "pre" -> entity.language() == null ? 11 : 10;
            case "code" -> 20;
            case "text_link", "text_mention" -> 49;
            case "bold" -> 90;
            case "italic" -> 91;
            case "underline" -> 92;
            case "strikethrough" -> 93;
            case "spoiler" -> 94;
            case "custom_emoji" -> 99;
            default -> 50;
        };
    }

    /** Keeps an entity only if it starts after every kept one ended ("including nested", as TDLib says). */
    private static List<TextEntity> nonIntersecting(List<TextEntity> entities) {
        entities.sort(ORDER);
        List<TextEntity> kept = new ArrayList<>();
        int end = 0;
        for (TextEntity entity : entities) {
            if (entity.offset() >= end) {
                kept.add(entity);
                end = entity.end();
            }
        }
        return kept;
    }

    /** A quote may contain an entity whole, or not touch it; anything else is a crossing. */
    private static boolean crosses(TextEntity entity, TextEntity quote) {
        boolean inside = entity.offset() >= quote.offset() && entity.end() <= quote.end();
        boolean apart = entity.end() <= quote.offset() || entity.offset() >= quote.end();
        return !inside && !apart;
    }

    /** Only ' ' and '\n' are trimmed, and at the start only up to the first entity. */
    private static FormattedText trim(String text, List<TextEntity> entities) {
        int end = text.length();
        while (end > 0 && (text.charAt(end - 1) == ' ' || text.charAt(end - 1) == '\n')) {
            end--;
        }
        int firstEntity = entities.isEmpty() ? end : Math.min(end, entities.get(0).offset());
        int start = 0;
        while (start < firstEntity && (text.charAt(start) == ' ' || text.charAt(start) == '\n')) {
            start++;
        }
        List<TextEntity> trimmed = new ArrayList<>();
        for (TextEntity entity : entities) {
            int entityEnd = Math.min(entity.end(), end);
            if (entityEnd > entity.offset()) {
                trimmed.add(new TextEntity(entity.type(), entity.offset() - start, entityEnd - entity.offset(),
                        entity.url(), entity.language()));
            }
        }
        trimmed.sort(ORDER);
        return new FormattedText(text.substring(start, end), trimmed);
    }

    /** TDLib's split_entities: merges each splittable type's touching ranges and cuts them at other entities. */
    private static final class Splitter {
        private final List<TextEntity> entities;
        private final int[] begin = new int[SPLITTABLE.size()];
        private final int[] end = new int[SPLITTABLE.size()];
        private final List<TextEntity> result = new ArrayList<>();
        private int next;

        Splitter(List<TextEntity> entities) {
            this.entities = entities;
        }

        List<TextEntity> around(List<TextEntity> others) {
            List<TextEntity> stack = new ArrayList<>();
            for (TextEntity other : others) {
                addOffset(other.offset(), stack);
                stack.add(other);
            }
            addOffset(Integer.MAX_VALUE, stack);
            return result;
        }

        private void addOffset(int offset, List<TextEntity> stack) {
            while (!stack.isEmpty() && offset >= stack.get(stack.size() - 1).end()) {
                TextEntity top = stack.remove(stack.size() - 1);
                int before = result.size();
                addUntil(top.end());
                if (CODE.contains(top.type())) {
                    result.subList(before, result.size()).clear(); // nothing is formatted inside code
                }
            }
            addUntil(offset);
        }

        private void addUntil(int offset) {
            while (next < entities.size() && entities.get(next).offset() < offset) {
                TextEntity entity = entities.get(next++);
                int k = SPLITTABLE.indexOf(entity.type());
                if (end[k] != 0 && entity.offset() <= end[k]) {
                    end[k] = Math.max(end[k], entity.end());
                } else {
                    flush(entity.offset());
                    begin[k] = entity.offset();
                    end[k] = entity.end();
                }
            }
            flush(offset);
        }

        private void flush(int offset) {
            for (int k = 0; k < SPLITTABLE.size(); k++) {
                if (end[k] != 0 && begin[k] < offset) {
                    int stop = Math.min(end[k], offset);
                    result.add(new TextEntity(SPLITTABLE.get(k), begin[k], stop - begin[k], null));
                    if (end[k] <= offset) {
                        begin[k] = 0;
                        end[k] = 0;
                    } else {
                        begin[k] = offset;
                    }
                }
            }
        }
    }
}
