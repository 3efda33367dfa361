package ru.saigabot.bot.testing.telegram;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Pending updates with Telegram's getUpdates semantics:
 * <ul>
 * <li>update_ids increase; an update stays pending (and is re-delivered) until a getUpdates call carries
 *     an offset greater than its id; a negative offset keeps only the last |offset| updates;</li>
 * <li>allowed_updates is sticky: a call without it keeps the previous setting, an empty list restores the
 *     default, which excludes chat_member, message_reaction and message_reaction_count; updates of other
 *     types stay in the queue undelivered and are dropped once an offset passes them;</li>
 * <li>long polling returns as soon as a deliverable update exists, or [] when the timeout passes;</li>
 * <li>a newer getUpdates terminates a still-waiting older one with 409 Conflict, as Telegram does when two
 *     bot instances poll at once.</li>
 * </ul>
 */
final class UpdateQueue {

    /** Arbitrary, but not 0 or 1, so a bot that assumes small ids or offset 0 semantics is caught. */
    static final int FIRST_UPDATE_ID = 100_000;

    private static final Set<String> EXCLUDED_BY_DEFAULT =
            Set.of("chat_member", "message_reaction", "message_reaction_count");

    private final Monitor monitor = new Monitor();
    private final List<ObjectNode> pending = new ArrayList<>(); // ascending update_id
    private int nextUpdateId = FIRST_UPDATE_ID;
    private Set<String> allowedUpdates; // null: Telegram's default
    private long pollGeneration;
    private boolean closed;

    /** Assigns the next update_id (replacing any in {@code update}) and makes the update pending. */
    int enqueue(ObjectNode update) {
        return monitor.write(() -> {
            int id = nextUpdateId++;
            ObjectNode stored = JsonNodeFactory.instance.objectNode().put("update_id", id);
            for (Iterator<Map.Entry<String, JsonNode>> it = update.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> field = it.next();
                if (!field.getKey().equals("update_id")) {
                    stored.set(field.getKey(), field.getValue().deepCopy());
                }
            }
            pending.add(stored);
            return id;
        });
    }

    /**
     * Makes {@code update} pending with the update_id it carries, after everything pending: what Telegram never
     * does (an id again, or out of order), for tests of a bot that must survive it. The next assigned id stays
     * above every id seen.
     */
    int enqueueVerbatim(ObjectNode update) {
        return monitor.write(() -> {
            int id = update.path("update_id").asInt();
            pending.add(update.deepCopy());
            nextUpdateId = Math.max(nextUpdateId, id + 1);
            return id;
        });
    }

    ArrayNode poll(int offset, int limit, Duration timeout, List<String> allowed) throws InterruptedException {
        int max = limit <= 0 ? 100 : Math.min(100, limit); // Telegram: 1-100, default 100
        long generation = monitor.write(() -> {
            if (allowed != null) {
                allowedUpdates = allowed.isEmpty() ? null : Set.copyOf(allowed);
            }
            confirm(offset);
            return ++pollGeneration;
        });
        Optional<ArrayNode> result = monitor.await(() -> {
            if (pollGeneration != generation) {
                throw new ApiError(409, "Conflict: terminated by other getUpdates request; "
                        + "make sure that only one bot instance is running", null);
            }
            ArrayNode ready = deliverable(max);
            return closed || !ready.isEmpty() ? Optional.of(ready) : Optional.empty();
        }, timeout);
        return result.orElseGet(JsonNodeFactory.instance::arrayNode);
    }

    /** True once the update was enqueued and then dropped by an offset (or deleteWebhook). */
    boolean isConfirmed(int updateId) {
        return monitor.read(() -> confirmed(updateId));
    }

    boolean awaitConfirmed(int updateId, Duration timeout) {
        return monitor.awaitUninterruptibly(
                () -> confirmed(updateId) ? Optional.of(true) : Optional.empty(), timeout).isPresent();
    }

    int pendingCount() {
        return monitor.read(pending::size);
    }

    /** deleteWebhook(drop_pending_updates=true). */
    void dropAll() {
        monitor.write(pending::clear);
    }

    /** Ends waiting long polls, e.g. when the server stops accepting: their connections are gone anyway. */
    void abortWaitingPolls() {
        monitor.write(() -> pollGeneration++);
    }

    void close() {
        monitor.write(() -> closed = true);
    }

    private boolean confirmed(int updateId) {
        return updateId < nextUpdateId && pending.stream().noneMatch(u -> idOf(u) == updateId);
    }

    private void confirm(int offset) {
        if (offset > 0) {
            pending.removeIf(u -> idOf(u) < offset);
        } else if (offset < 0) {
            while (pending.size() > -(long) offset) {
                pending.remove(0);
            }
        }
    }

    private ArrayNode deliverable(int max) {
        ArrayNode ready = JsonNodeFactory.instance.arrayNode();
        for (ObjectNode update : pending) {
            if (ready.size() == max) {
                break;
            }
            if (isAllowed(typeOf(update))) {
                ready.add(update);
            }
        }
        return ready;
    }

    private boolean isAllowed(String type) {
        return allowedUpdates == null ? !EXCLUDED_BY_DEFAULT.contains(type) : allowedUpdates.contains(type);
    }

    private static int idOf(ObjectNode update) {
        return update.get("update_id").asInt();
    }

    /** An Update has update_id plus exactly one field naming its type. */
    private static String typeOf(ObjectNode update) {
        for (Iterator<String> names = update.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!name.equals("update_id")) {
                return name;
            }
        }
        return "";
    }
}
