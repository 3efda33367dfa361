package ru.saigabot.training.prepare;

import java.util.Map;
import ru.saigabot.training.export.ExportFormat;

/** {@code run.sh}: installs the pinned packages, trains, converts the adapter to GGUF. */
final class RunScript {
    private RunScript() {}

    static String render(RunPlan plan) {
        return Template.fill(RunFolder.resource("run.sh.template"), Map.of(
                "METHOD", plan.method().id(),
                "ADAPTER", plan.adapterName(),
                "BASE_NAME", plan.base().name(),
                "BASE_WEIGHTS", shellQuote(plan.base().weights()),
                "BASE_ON_HUB", plan.base().onHub() ? "yes" : "no",
                "ADAPTER_DIR", RunFolder.ADAPTER_DIR,
                "LLAMA_CPP_TAG", Requirements.LLAMA_CPP_TAG,
                "RULM_COMMAND", rulmCommand(plan)));
    }

    /** rulm's scripts take SFT data as it is; its KTO script reads paired records and it has no DPO script. */
    private static String rulmCommand(RunPlan plan) {
        if (plan.method() != ExportFormat.SFT) {
            return "fail \"rulm's scripts cannot train this run: its KTO script reads paired records and it has no "
                    + "DPO script; use TRAINER=trl\"";
        }
        if (!RulmConfig.hasTemplate(plan)) {
            return "fail \"rulm has no prompt template for " + plan.base().template().orElse("this model")
                    + "'s chat format; use TRAINER=trl\"";
        }
        return "HERE=\"$(pwd)\"\n"
                + "        (cd \"$RULM_DIR\" && run \"$HERE/.venv/bin/python\" -m src.train --config-file \"$HERE/rulm/config.json\" \\\n"
                + "            --train-file \"$HERE/data/train.jsonl\" --val-file \"$HERE/data/validation.jsonl\" \\\n"
                + "            --output-dir \"$HERE/$ADAPTER_DIR\")";
    }

    /** A single-quoted shell word. */
    static String shellQuote(String text) {
        return "'" + text.replace("'", "'\\''") + "'";
    }
}
