package ru.saigabot.training.export;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import ru.saigabot.training.clean.ControlStrings;
import ru.saigabot.training.clean.LengthRatio;
import ru.saigabot.training.clean.TextChecks;
import ru.saigabot.training.scrub.PiiScrubber;
import ru.saigabot.training.scrub.PiiTally;
import ru.saigabot.training.split.PromptSplit;

/**
 * Arena votes as DPO pairs (source "arena"): when one answer of a task has strictly more votes than any other
 * verdict, it is chosen and the other rejected; a task whose votes lean to "equal" or "both bad", or are split
 * evenly, gives no pair. The same rules as the chat pairs apply: date range, short texts, length ratio, scrubbing,
 * control token strings kept as text.
 */
final class ArenaPairBuilder {
    static final String SOURCE = "arena";

    private final ExportOptions options;
    private final PiiScrubber scrubber;
    private final PromptSplit split;
    private final LengthRatio lengthRatio;
    private final CleaningTally cleaning;
    private final PiiTally pii;
    private final ObjectMapper json;

    ArenaPairBuilder(ExportOptions options, PiiScrubber scrubber, CleaningTally cleaning, PiiTally pii,
                     ObjectMapper json) {
        this.options = options;
        this.scrubber = scrubber;
        this.split = new PromptSplit(options.valPercent());
        this.lengthRatio = new LengthRatio(options.maxLengthRatio());
        this.cleaning = cleaning;
        this.pii = pii;
        this.json = json;
    }

    void build(ArenaTaskVotes task, Consumer<Candidate> out) {
        String preferred = task.preferred();
        if (preferred == null) {
            return;
        }
        if (!options.inRange(task.createdAt())) {
            cleaning.add(ExportFormat.DPO, DropRule.OUT_OF_RANGE);
            return;
        }
        String chosen = preferred.equals("a") ? task.answerA() : task.answerB();
        String rejected = preferred.equals("a") ? task.answerB() : task.answerA();
        if (TextChecks.isTrivial(task.prompt()) || TextChecks.isTrivial(chosen) || TextChecks.isTrivial(rejected)) {
            cleaning.add(ExportFormat.DPO, DropRule.SHORT);
            return;
        }
        String chosenText = scrubber.scrub(chosen, pii);
        String rejectedText = scrubber.scrub(rejected, pii);
        if (!lengthRatio.accepts(chosenText, rejectedText)) {
            cleaning.add(ExportFormat.DPO, DropRule.LENGTH_RATIO);
            return;
        }
        List<ChatMessage> prompt = new ArrayList<>();
        if (task.systemPrompt() != null) {
            prompt.add(ChatMessage.system(scrubber.scrub(task.systemPrompt(), pii)));
        }
        prompt.add(ChatMessage.user(scrubber.scrub(task.prompt(), pii)));
        // The split hashes the text as written, so a prompt stays on the side it had before neutralising.
        String promptText = PromptBuilder.promptText(prompt);
        List<ChatMessage> written = prompt.stream()
                .map(message -> new ChatMessage(message.role(), ControlStrings.neutralise(message.content())))
                .toList();
        List<ChatMessage> chosenMessage = List.of(ChatMessage.assistant(ControlStrings.neutralise(chosenText)));
        List<ChatMessage> rejectedMessage = List.of(ChatMessage.assistant(ControlStrings.neutralise(rejectedText)));
        boolean neutralised = !written.equals(prompt) || !chosenMessage.get(0).content().equals(chosenText)
                || !rejectedMessage.get(0).content().equals(rejectedText);
        int margin = Math.abs(task.a() - task.b());
        try {
            out.accept(new Candidate(ExportFormat.DPO,
                    CandidateBuilder.hash(TextChecks.normalise(PromptBuilder.promptText(written))), margin, null,
                    split.isTrain(promptText), SOURCE, neutralised, false, task.createdAt().toEpochMilli(),
                    json.writeValueAsBytes(new Records.Dpo(written, chosenMessage, rejectedMessage))));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise the DPO record of arena task " + task.taskId(), e);
        }
    }
}
