package ru.saigabot.bot.api;

import java.util.ArrayList;
import java.util.List;
import ru.saigabot.bot.models.ServedModels;

/** The model variants the API serves: the base model, and "BASE+ADAPTER" for the adapter loaded with it. */
public record ApiModels(ServedModels served) {

    /** Every variant's id, base first, as {@code GET /v1/models} lists them. */
    public List<String> ids() {
        List<String> ids = new ArrayList<>();
        ids.add(served.base());
        served.adapter().ifPresent(adapter -> ids.add(served.label(adapter.name())));
        return ids;
    }

    /** The adapter that variant {@code model} switches on; null for the base model. */
    public String adapterOf(String model) {
        if (model.equals(served.base())) {
            return null;
        }
        return served.adapter().filter(adapter -> served.label(adapter.name()).equals(model))
                .map(adapter -> adapter.name())
                .orElseThrow(() -> ApiError.notFound("model", "model_not_found", "The model '" + model
                        + "' does not exist on this server; served: " + String.join(", ", ids())));
    }
}
