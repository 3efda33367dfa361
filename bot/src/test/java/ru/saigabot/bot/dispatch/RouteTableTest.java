package ru.saigabot.bot.dispatch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.telegram.telegrambots.meta.api.objects.Update;

/** Routes are tried by stage, their filters parse once, and a command cannot be routed twice. */
class RouteTableTest {
    private final ObjectMapper json = new ObjectMapper();
    private final List<String> handled = new ArrayList<>();

    @Test
    void aCommandIsTakenBeforeAMessageRouteAddedEarlierAndItsArgumentsArePassed() throws Exception {
        RouteTable routes = new RouteTable("SaigaBot");
        routes.add(new Route<>("any-text", Route.Stage.MESSAGE, RouteTable::messageFromPerson,
                (context, message) -> handled.add("text " + message.getText())));
        routes.command("system", Set.of("system"), (context, command) -> handled.add("system " + command.arguments()));
        Router router = routes.router(List.of());

        run(router, message("/system@SaigaBot Будь краток"));
        run(router, message("/system@OtherBot Будь краток"));
        run(router, message("просто текст"));

        assertThat(handled).containsExactly("system Будь краток", "text /system@OtherBot Будь краток",
                "text просто текст");
    }

    @Test
    void aButtonsHandlerGetsItsParsedCallbackDataAndForgedDataMatchesNothing() throws Exception {
        Router router = new RouteTable("SaigaBot")
                .callback("regenerate", RegenerateCallback::unpack, (context, pressed) ->
                        handled.add("regenerate " + pressed.generationId()))
                .router(List.of());

        run(router, callback(new RegenerateCallback(77).pack()));
        assertThat(router.match(callback("rg:not-a-number"))).isEmpty();

        assertThat(handled).containsExactly("regenerate 77");
    }

    @Test
    void theMiddlewareRunsBeforeTheHandler() throws Exception {
        Router router = new RouteTable("SaigaBot")
                .command("new", Set.of("new"), (context, command) -> handled.add("handler"))
                .router(List.of(context -> handled.add("middleware for " + context.user().getId())));

        run(router, message("/new"));

        assertThat(handled).containsExactly("middleware for 5", "handler");
    }

    @Test
    void everyCommandPassesTheGateAfterTheMiddlewareAndARefusedOneReachesNoHandler() throws Exception {
        RouteTable routes = new RouteTable("SaigaBot", (context, command) -> {
            handled.add("gate " + command.name() + " for " + context.user().getId());
            return !command.name().equals("help");
        });
        routes.command("start", Set.of("start", "help"), (context, command) -> handled.add("handler " + command.name()));
        routes.add(new Route<>("unknown", Route.Stage.FALLBACK, RouteTable::command,
                routes.gated((context, command) -> handled.add("unknown " + command.name()))));
        Router router = routes.router(List.of(context -> handled.add("middleware")));

        run(router, message("/start"));
        run(router, message("/help"));
        run(router, message("/whatever"));

        assertThat(handled).containsExactly("middleware", "gate start for 5", "handler start",
                "middleware", "gate help for 5", "middleware", "gate whatever for 5", "unknown whatever");
    }

    @Test
    void aCommandRoutedTwiceIsRefusedWithBothRoutes() {
        RouteTable routes = new RouteTable("SaigaBot").command("new", Set.of("new", "reset"), (c, v) -> {});
        assertThatThrownBy(() -> routes.command("reset-all", Set.of("reset"), (c, v) -> {}))
                .hasMessageContaining("/reset is routed twice: by new and by reset-all");
    }

    private void run(Router router, Update update) throws Exception {
        Optional<Route.Match<?>> match = router.match(update);
        assertThat(match).as("a route for %s", update).isPresent();
        router.handle(match.get(), new UpdateContext(update, null));
    }

    private Update message(String text) throws JsonProcessingException {
        return json.readValue("{\"update_id\": 1, \"message\": {\"message_id\": 2, \"date\": 1700000000, "
                + "\"chat\": {\"id\": 5, \"type\": \"private\"}, \"from\": {\"id\": 5, \"is_bot\": false, "
                + "\"first_name\": \"Оля\"}, \"text\": " + json.writeValueAsString(text) + "}}", Update.class);
    }

    private Update callback(String data) throws JsonProcessingException {
        return json.readValue("{\"update_id\": 1, \"callback_query\": {\"id\": \"c\", \"chat_instance\": \"i\", "
                + "\"from\": {\"id\": 5, \"is_bot\": false, \"first_name\": \"Оля\"}, \"data\": "
                + json.writeValueAsString(data) + "}}", Update.class);
    }
}
