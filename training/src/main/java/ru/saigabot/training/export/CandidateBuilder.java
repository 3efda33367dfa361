package ru.saigabot.training.export;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import org.apache.commons.codec.digest.MurmurHash3;
import ru.saigabot.inference.grounding.GivenPassage;
import ru.saigabot.training.clean.ControlStrings;
import ru.saigabot.training.clean.LengthRatio;
import ru.saigabot.training.clean.Majority;
import ru.saigabot.training.clean.TextChecks;
import ru.saigabot.training.scrub.Participants;
import ru.saigabot.training.scrub.PiiScrubber;
import ru.saigabot.training.scrub.PiiTally;
import ru.saigabot.training.split.PromptSplit;

/**
 * Turns one conversation into candidate records: every rule that can be decided within the
 * conversation (date range, finished answers, short turns, majority votes, DPO length ratio) is
 * applied and counted here, as are a question whose documents were deleted since it was answered and the answers
 * and conversations an operator excluded from training on the dashboard; texts (the passages a question was given
 * among them) are scrubbed, authors anonymised and control token strings kept as text ({@link ControlStrings})
 * before anything is written.
 */
public final class CandidateBuilder {
    private final ExportOptions options;
    private final PiiScrubber scrubber;
    private final PromptSplit split;
    private final LengthRatio lengthRatio;
    private final CleaningTally cleaning;
    private final PiiTally pii;
    private final ObjectMapper json;

    public CandidateBuilder(ExportOptions options, PiiScrubber scrubber, CleaningTally cleaning, PiiTally pii,
                            ObjectMapper json) {
        this.options = options;
        this.scrubber = scrubber;
        this.split = new PromptSplit(options.valPercent());
        this.lengthRatio = new LengthRatio(options.maxLengthRatio());
        this.cleaning = cleaning;
        this.pii = pii;
        this.json = json;
    }

    /** An answer that passed the vote rules, kept to pair liked and disliked answers for DPO. */
    private record Voted(StoredTurn answer, String text, boolean neutralised, Majority majority) {}

    public void build(StoredConversation conversation, Consumer<Candidate> out) {
        List<StoredTurn> turns = conversation.turns();
        Map<Long, List<Integer>> answersTo = answersTo(turns);
        if (conversation.excluded()) {
            countExcludedConversation(turns, answersTo);
            return;
        }
        Participants participants = new Participants(conversation.group());
        for (StoredTurn turn : turns) {
            if (turn.isUser()) {
                participants.register(turn.authorId(), turn.firstName(), turn.username());
            }
        }
        // The scrubbed texts, and the same with control token strings kept as text: what is written.
        List<String> scrubbed = new ArrayList<>(turns.size());
        List<String> texts = new ArrayList<>(turns.size());
        BitSet neutralised = new BitSet();
        Map<Long, Integer> indexById = new HashMap<>();
        for (int i = 0; i < turns.size(); i++) {
            StoredTurn turn = turns.get(i);
            String text = participants.replaceNames(scrubber.scrub(turn.content(), pii), pii);
            scrubbed.add(turn.isUser() ? participants.speakerPrefix(turn.authorId()) + text : text);
            texts.add(ControlStrings.neutralise(scrubbed.get(i)));
            neutralised.set(i, texts.get(i) != scrubbed.get(i)); // the very string back when it holds none
            indexById.put(turn.id(), i);
        }
        String scrubbedSystem = participants.replaceNames(scrubber.scrub(conversation.systemPrompt(), pii), pii);
        String systemPrompt = ControlStrings.neutralise(scrubbedSystem);
        boolean systemNeutralised = systemPrompt != scrubbedSystem;
        Map<String, String> normalised = new HashMap<>();
        // One conversation, one side: the record for turn 2 holds turn 1's answer in its prompt, so turn 1's
        // record must not be validation data while turn 2's trains. The conversation's first user message, as
        // written, decides for all of them (and for every conversation that opens the same way).
        boolean train = split.isTrain(firstUserText(turns, scrubbed));

        for (int u = 0; u < turns.size(); u++) {
            StoredTurn prompt = turns.get(u);
            if (!prompt.isUser()) {
                continue;
            }
            List<Integer> answers = answersTo.getOrDefault(prompt.id(), List.of());
            if (!givesRecords(prompt, answers, turns)) {
                continue;
            }
            if (!options.inRange(prompt.createdAt())) {
                countDropped(prompt, answers, turns, DropRule.OUT_OF_RANGE);
                continue;
            }
            Grounding grounding = prompt.grounding();
            if (!grounding.rebuildable()) {
                // Its answers were written from passages no longer stored: a prompt without them, or with other
                // numbers, would teach answers (and [n] citations) that its own text does not support.
                countDropped(prompt, answers, turns, DropRule.DOCUMENTS_DELETED);
                continue;
            }
            List<Integer> kept = PromptBuilder.keptTurns(turns, u);
            boolean promptNeutralised = systemNeutralised || kept.stream().anyMatch(neutralised::get);
            List<ChatMessage> messages;
            if (grounding.found()) {
                Passages passages = passages(grounding, participants);
                messages = PromptBuilder.groundedMessages(turns, texts, systemPrompt, kept, conversation.group(),
                        passages.written());
                promptNeutralised |= passages.neutralised();
            } else {
                messages = PromptBuilder.messages(turns, texts, systemPrompt, kept);
            }
            Context context = new Context(prompt, messages, promptNeutralised, TextChecks.isTrivial(prompt.content()),
                    train, hash(normalisedPrompt(messages, normalised)), conversation.origin(), grounding.found());
            List<Voted> voted = new ArrayList<>();
            for (int a : answers) {
                StoredTurn answer = turns.get(a);
                if (answer.votes().total() > 0) {
                    voteRecords(context, answer, texts.get(a), neutralised.get(a), out).ifPresent(voted::add);
                }
            }
            if (selected(ExportFormat.DPO)) {
                Set<String> explicit = new HashSet<>();
                for (StoredTurn.PairRef pair : prompt.pairs()) {
                    explicit.add(pair.chosenId() + ":" + pair.rejectedId());
                    explicitPair(context, pair, turns, texts, neutralised, indexById, out);
                }
                votePairs(context, voted, explicit, out);
            }
        }
    }

    /** The indexes of the answers to each user message, by its id, oldest first. */
    private static Map<Long, List<Integer>> answersTo(List<StoredTurn> turns) {
        Map<Long, List<Integer>> answersTo = new HashMap<>();
        for (int i = 0; i < turns.size(); i++) {
            StoredTurn turn = turns.get(i);
            if (turn.isAssistant() && turn.replyToId() != null) {
                answersTo.computeIfAbsent(turn.replyToId(), id -> new ArrayList<>()).add(i);
            }
        }
        return answersTo;
    }

    /** Whether a user message can give records: an answer to it has votes, or it is a preference pair's prompt. */
    private static boolean givesRecords(StoredTurn prompt, List<Integer> answers, List<StoredTurn> turns) {
        return !prompt.pairs().isEmpty() || answers.stream().anyMatch(a -> turns.get(a).votes().total() > 0);
    }

    /**
     * A conversation an operator excluded gives no records: they are only counted, and none of its texts is scrubbed
     * (its personal data is not counted either, as it is not exported). The date range applies first, as everywhere,
     * so an export counts what it would have written.
     */
    private void countExcludedConversation(List<StoredTurn> turns, Map<Long, List<Integer>> answersTo) {
        for (StoredTurn prompt : turns) {
            List<Integer> answers = answersTo.getOrDefault(prompt.id(), List.of());
            if (prompt.isUser() && givesRecords(prompt, answers, turns)) {
                countDropped(prompt, answers, turns,
                        options.inRange(prompt.createdAt()) ? DropRule.EXCLUDED_CONVERSATION : DropRule.OUT_OF_RANGE);
            }
        }
    }

    /**
     * Whether an operator excluded an answer from training. The dashboard marks answers; a mark on the question (the
     * table takes any message) takes out every answer to it.
     */
    private static boolean excluded(Context context, StoredTurn answer) {
        return answer.excluded() || context.prompt().excluded();
    }

    /** The text that places a conversation: its first user message as written (before control strings are kept). */
    private static String firstUserText(List<StoredTurn> turns, List<String> scrubbed) {
        for (int i = 0; i < turns.size(); i++) {
            if (turns.get(i).isUser()) {
                return scrubbed.get(i);
            }
        }
        return "";
    }

    /** What every record of one prompt shares. */
    private record Context(StoredTurn prompt, List<ChatMessage> messages, boolean neutralised, boolean promptShort,
                           boolean train, long promptKey, String origin, boolean grounded) {}

    /** A question's passages as the export writes them, and whether one held a control token string. */
    private record Passages(List<GivenPassage> written, boolean neutralised) {}

    /**
     * The passages with what every exported text gets: personal data and participants' names replaced, control
     * token strings kept as text (the bot's engine did the same to them in the prompt). Numbers, pages and the
     * instruction are the bot's own and stay.
     */
    private Passages passages(Grounding grounding, Participants participants) {
        List<GivenPassage> written = new ArrayList<>(grounding.passages().size());
        boolean anyNeutralised = false;
        for (GivenPassage passage : grounding.passages()) {
            String[] fields = {passage.fileName(), passage.section(), passage.text()};
            for (int i = 0; i < fields.length; i++) {
                if (fields[i] != null) {
                    String scrubbed = participants.replaceNames(scrubber.scrub(fields[i], pii), pii);
                    fields[i] = ControlStrings.neutralise(scrubbed);
                    anyNeutralised |= fields[i] != scrubbed; // the very string back when it holds none
                }
            }
            written.add(new GivenPassage(passage.number(), fields[0], passage.page(), fields[1], fields[2]));
        }
        return new Passages(written, anyNeutralised);
    }

    private Optional<Voted> voteRecords(Context context, StoredTurn answer, String text, boolean textNeutralised,
                                        Consumer<Candidate> out) {
        boolean sft = selected(ExportFormat.SFT) && answer.votes().up() > 0 && answer.votes().up() >= answer.votes().down();
        boolean kto = selected(ExportFormat.KTO);
        DropRule rule = null;
        Majority majority = null;
        if (excluded(context, answer)) {
            // Only the answer's own records go: it stays in the history of the conversation's later turns, whose
            // prompts are rebuilt as the model saw them, and the model saw it.
            rule = DropRule.EXCLUDED_ANSWER;
        } else if (!answer.isFinished()) {
            rule = DropRule.UNFINISHED;
        } else if (context.promptShort() || TextChecks.isTrivial(answer.content())) {
            rule = DropRule.SHORT;
        } else {
            Majority.Outcome outcome = Majority.of(answer.votes(), options.minAgreement());
            if (outcome.majority().isEmpty()) {
                rule = outcome.rejection() == Majority.Rejection.TIE ? DropRule.TIE : DropRule.LOW_AGREEMENT;
            } else {
                majority = outcome.majority().get();
            }
        }
        if (rule != null) {
            if (sft) {
                cleaning.add(ExportFormat.SFT, rule);
            }
            if (kto) {
                cleaning.add(ExportFormat.KTO, rule);
            }
            return Optional.empty();
        }
        // Programs and extractions say where they come from; a chat's votes, how they were given.
        String source = context.origin() != null ? context.origin() : answer.reactionsOnly() ? "reaction" : "button";
        ChatMessage completion = ChatMessage.assistant(text);
        boolean neutralised = context.neutralised() || textNeutralised;
        if (kto) {
            out.accept(candidate(ExportFormat.KTO, context, context.promptKey() * 31 + (majority.label() ? 1 : 0),
                    majority.margin(), source, neutralised,
                    new Records.Kto(context.messages(), List.of(completion), majority.label())));
        }
        if (sft && majority.label()) {
            List<ChatMessage> messages = new ArrayList<>(context.messages());
            messages.add(completion);
            out.accept(candidate(ExportFormat.SFT, context, context.promptKey(), majority.margin(), source,
                    neutralised, new Records.Sft(messages)));
        }
        return Optional.of(new Voted(answer, text, textNeutralised, majority));
    }

    private void explicitPair(Context context, StoredTurn.PairRef pair, List<StoredTurn> turns, List<String> texts,
                              BitSet neutralised, Map<Long, Integer> indexById, Consumer<Candidate> out) {
        Integer chosenIndex = indexById.get(pair.chosenId());
        Integer rejectedIndex = indexById.get(pair.rejectedId());
        if (chosenIndex == null || rejectedIndex == null) {
            cleaning.add(ExportFormat.DPO, DropRule.MISSING_ANSWER);
            return;
        }
        StoredTurn chosen = turns.get(chosenIndex);
        StoredTurn rejected = turns.get(rejectedIndex);
        if (excluded(context, chosen) || excluded(context, rejected)) {
            cleaning.add(ExportFormat.DPO, DropRule.EXCLUDED_ANSWER);
        } else if (!chosen.isFinished() || !rejected.isFinished()) {
            cleaning.add(ExportFormat.DPO, DropRule.UNFINISHED);
        } else if (context.promptShort() || TextChecks.isTrivial(chosen.content())
                || TextChecks.isTrivial(rejected.content())) {
            cleaning.add(ExportFormat.DPO, DropRule.SHORT);
        } else {
            int score = net(chosen) - net(rejected);
            pair(context, texts.get(chosenIndex), texts.get(rejectedIndex),
                    neutralised.get(chosenIndex) || neutralised.get(rejectedIndex), score, pair.source(), out);
        }
    }

    private void votePairs(Context context, List<Voted> voted, Set<String> explicit, Consumer<Candidate> out) {
        for (Voted liked : voted) {
            if (!liked.majority().label()) {
                continue;
            }
            for (Voted disliked : voted) {
                if (disliked.majority().label()
                        || explicit.contains(liked.answer().id() + ":" + disliked.answer().id())) {
                    continue;
                }
                pair(context, liked.text(), disliked.text(), liked.neutralised() || disliked.neutralised(),
                        liked.majority().margin() + disliked.majority().margin(), "votes", out);
            }
        }
    }

    private void pair(Context context, String chosen, String rejected, boolean answersNeutralised, int score,
                      String source, Consumer<Candidate> out) {
        if (!lengthRatio.accepts(chosen, rejected)) {
            cleaning.add(ExportFormat.DPO, DropRule.LENGTH_RATIO);
            return;
        }
        out.accept(candidate(ExportFormat.DPO, context, context.promptKey(), score, source,
                context.neutralised() || answersNeutralised, new Records.Dpo(
                context.messages(), List.of(ChatMessage.assistant(chosen)), List.of(ChatMessage.assistant(rejected)))));
    }

    /** Counts the records a prompt would have given when a rule drops the prompt as a whole. */
    private void countDropped(StoredTurn prompt, List<Integer> answers, List<StoredTurn> turns, DropRule rule) {
        for (int a : answers) {
            StoredTurn answer = turns.get(a);
            if (answer.votes().total() > 0) {
                if (selected(ExportFormat.KTO)) {
                    cleaning.add(ExportFormat.KTO, rule);
                }
                if (selected(ExportFormat.SFT) && answer.votes().up() > 0 && answer.votes().up() >= answer.votes().down()) {
                    cleaning.add(ExportFormat.SFT, rule);
                }
            }
        }
        if (selected(ExportFormat.DPO)) {
            for (int i = 0; i < prompt.pairs().size(); i++) {
                cleaning.add(ExportFormat.DPO, rule);
            }
        }
    }

    private Candidate candidate(ExportFormat format, Context context, long key, int score, String source,
                                boolean neutralised, Object record) {
        try {
            return new Candidate(format, key, score, context.prompt().authorId(), context.train(), source, neutralised,
                    context.grounded(), context.prompt().createdAt().toEpochMilli(), json.writeValueAsBytes(record));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise a " + format.id() + " record of message "
                    + context.prompt().id(), e);
        }
    }

    private boolean selected(ExportFormat format) {
        return options.formats().contains(format);
    }

    private static int net(StoredTurn answer) {
        return answer.votes().up() - answer.votes().down();
    }

    /**
     * {@code TextChecks.normalise(promptText)}, built from the normalised turns (each normalised once per
     * conversation, not once per record that repeats it as history): normalising text joined by
     * separators equals joining the normalised parts with single spaces.
     */
    private static String normalisedPrompt(List<ChatMessage> messages, Map<String, String> memo) {
        StringBuilder key = new StringBuilder();
        for (ChatMessage message : messages) {
            if (message.role().equals("system")) {
                continue;
            }
            String part = memo.computeIfAbsent(message.content(), TextChecks::normalise);
            if (!part.isEmpty()) {
                if (key.length() > 0) {
                    key.append(' ');
                }
                key.append(part);
            }
        }
        return key.toString();
    }

    static long hash(String normalised) {
        byte[] bytes = normalised.getBytes(StandardCharsets.UTF_8);
        return MurmurHash3.hash128x64(bytes, 0, bytes.length, 0)[0];
    }
}
