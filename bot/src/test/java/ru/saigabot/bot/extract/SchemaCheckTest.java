package ru.saigabot.bot.extract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class SchemaCheckTest {

    /** JSON written with single quotes, for readability. */
    private static String j(String json) {
        return json.replace('\'', '"');
    }

    static Stream<Arguments> refused() {
        return Stream.of(
                // the document
                Arguments.of("[]", "(root): must be a JSON object, not an array"),
                Arguments.of("{'type':'string'} {}", "(root): is not valid JSON: more follows the schema "
                        + "(line 1, column 19)"),
                Arguments.of("{'type':'string','type':'number'}", "(root): is not valid JSON: Duplicate field "
                        + "'type' (line 1, column 24)"),
                // keywords
                Arguments.of("{'type':'object','properties':{'phone':{'type':'string','patternProperties':{}}}}",
                        "properties.phone: keyword 'patternProperties' is not supported"),
                Arguments.of("{'type':'object','properties':{'a':{'type':'string','$defs':{}}}}",
                        "properties.a: keyword '$defs' is supported only at the root"),
                Arguments.of("{'description':'anything'}", "(root): llama.cpp cannot tell what this schema is: give it "
                        + "a 'type' (or enum, const, $ref, anyOf, oneOf, allOf)"),
                Arguments.of("{'type':'object','properties':{'n':{'minimum':5}}}", "properties.n: llama.cpp cannot "
                        + "tell what this schema is: give it a 'type' (or enum, const, $ref, anyOf, oneOf, allOf)"),
                Arguments.of("{'type':'wat'}", "type: 'wat' is not one of object, array, string, number, integer, "
                        + "boolean, null"),
                Arguments.of("{'type':['string',5]}", "type: 5 is not one of object, array, string, number, "
                        + "integer, boolean, null"),
                Arguments.of("{'type':['string','string']}", "type: names 'string' twice"),
                Arguments.of("{'type':[]}", "type: must name at least one type"),
                Arguments.of("{'description':5,'type':'string'}", "description: must be a string"),
                Arguments.of("{'type':'string','default':{'$ref':'http://x'}}", "default: a '$ref' key inside a "
                        + "value is not allowed: llama.cpp would resolve it"),
                // objects
                Arguments.of("{'type':'object','properties':[]}", "properties: must be an object of named schemas"),
                Arguments.of("{'type':'object','properties':{'a\\'b':{'type':'string'}}}", "properties.a\"b: a "
                        + "property's name must be non-empty text without quotes, backslashes or control "
                        + "characters, and not '$ref' or '*' (llama.cpp writes names into the grammar as is)"),
                Arguments.of("{'type':'object','properties':{'*':{'type':'string'}}}", "properties.*: a "
                        + "property's name must be non-empty text without quotes, backslashes or control "
                        + "characters, and not '$ref' or '*' (llama.cpp writes names into the grammar as is)"),
                Arguments.of("{'type':'object','properties':{'$ref':{'type':'string'}}}", "properties.$ref: a "
                        + "property's name must be non-empty text without quotes, backslashes or control "
                        + "characters, and not '$ref' or '*' (llama.cpp writes names into the grammar as is)"),
                Arguments.of("{'type':'object','properties':{'имя':{'type':'string'}}}", "properties.имя: an object "
                        + "that allows other properties must name its own in ASCII without ']' or '^' (llama.cpp "
                        + "writes them byte by byte into a character class to keep other names apart); or set "
                        + "\"additionalProperties\": false"),
                Arguments.of("{'type':'object','properties':{'a]':{'type':'string'}},'additionalProperties':{}}",
                        "properties.a]: an object that allows other properties must name its own in ASCII without "
                        + "']' or '^' (llama.cpp writes them byte by byte into a character class to keep other names "
                        + "apart); or set \"additionalProperties\": false"),
                Arguments.of("{'type':'object','properties':{'a':{'type':'string'}},'required':['b']}",
                        "required: 'b' is not a declared property"),
                Arguments.of("{'type':'object','properties':{'a':{'type':'string'}},'required':['a','a']}",
                        "required: names 'a' twice"),
                Arguments.of("{'type':'object','additionalProperties':5}",
                        "additionalProperties: must be true, false or a schema"),
                Arguments.of("{'type':'object','properties':{'a':true}}",
                        "properties.a: must be a schema object, not a boolean"),
                Arguments.of(manyProperties(101), "(root): has 101 properties in all, at most 100 are allowed"),
                Arguments.of(manyStrings(5, 5000, ""), "(root): asks for 25000 repetitions in all (maxLength, "
                        + "maxItems and counts in patterns added up), at most 20000 are allowed: llama.cpp expands "
                        + "each into a grammar rule, for every request"),
                Arguments.of(manyStrings(4, 4999, ",'list':{'type':'array','items':{'type':'string','pattern':"
                        + "'^a{2}(b{1,5}){3,}$'},'minItems':2}"), "(root): asks for 20008 repetitions in all "
                        + "(maxLength, maxItems and counts in patterns added up), at most 20000 are allowed: llama.cpp "
                        + "expands each into a grammar rule, for every request"),
                // arrays and compositions
                Arguments.of("{'type':'array','items':[{'type':'string'}]}",
                        "items: must be one schema (prefixItems for a tuple)"),
                Arguments.of("{'type':'array','items':{'type':'string'},'prefixItems':[{'type':'string'}]}",
                        "(root): use either 'items' or 'prefixItems': llama.cpp reads only one of them"),
                Arguments.of("{'anyOf':[]}", "anyOf: must be a non-empty array of schemas"),
                Arguments.of("{'oneOf':[{'type':'string'},false]}", "oneOf[1]: must be a schema object, not a boolean"),
                Arguments.of("{'allOf':[{'type':'string'}]}", "allOf[0]: each part of allOf must have 'properties' or "
                        + "be a $ref to a definition that has them: llama.cpp merges only properties"),
                Arguments.of("{'type':'object','properties':{'a':{'type':'string'}},'allOf':[{'properties':{}}]}",
                        "(root): use either 'properties' or 'allOf': llama.cpp ignores allOf next to properties"),
                Arguments.of(nested(9), "properties.a.properties.a.properties.a.properties.a.properties.a.properties.a"
                        + ".properties.a.properties.a: schemas nest 9 levels deep here, at most 8 are allowed"),
                // references
                Arguments.of("{'$ref':'http://x'}",
                        "(root): remote $ref 'http://x' is not supported: only '#/$defs/NAME' is"),
                Arguments.of("{'type':'object','properties':{'a':{'$ref':'#/$defs/missing'}}}",
                        "properties.a: $ref '#/$defs/missing' does not resolve: there is no such definition"),
                Arguments.of("{'$ref':'#'}", "(root): $ref '#' is not supported: only '#/$defs/NAME' and "
                        + "'#/definitions/NAME' are"),
                Arguments.of("{'$ref':5}", "(root): $ref must be a string"),
                Arguments.of("{'$defs':{'a':{'$ref':'#/$defs/b'},'b':{'type':'array','items':{'$ref':'#/$defs/a'}}},"
                        + "'$ref':'#/$defs/a'}", "$defs.b.items: $ref '#/$defs/a' leads back to itself (#/$defs/a -> "
                        + "#/$defs/b -> #/$defs/a): recursive schemas are not supported"),
                Arguments.of("{'$defs':{'my-def':{'type':'string'}},'type':'string'}", "$defs.my-def: a definition's "
                        + "name must be ASCII letters and digits, starting with a letter, at most 64 (llama.cpp names "
                        + "grammar rules after it)"),
                Arguments.of("{'$defs':{'string':{'type':'integer'}},'type':'object','properties':{'b':{'$ref':"
                        + "'#/$defs/string'}}}", "$defs.string: 'string' is the name of one of llama.cpp's own grammar "
                        + "rules, which it would use instead; rename the definition"),
                Arguments.of("{'$defs':{'a':{'type':'string'}},'definitions':{'a':{'type':'string'}},'type':'string'}",
                        "definitions.a: 'a' is defined in $defs too; llama.cpp would take one for the other"),
                Arguments.of("{'$defs':{'phone':{'type':'integer'}},'type':'object','properties':{'phone':"
                        + "{'type':'string'},'b':{'$ref':'#/$defs/phone'}}}", "$defs.phone: a definition may not be "
                        + "named like the top-level property 'phone': llama.cpp would take one for the other"),
                Arguments.of("{'definitions':[],'type':'string'}", "definitions: must be an object of named schemas"),
                Arguments.of("{'$defs':{'a':{'type':'strin'}},'type':'string'}", "$defs.a.type: 'strin' is not one of "
                        + "object, array, string, number, integer, boolean, null"),
                // strings
                Arguments.of("{'type':'string','minLength':'x'}", "minLength: must be a whole number from 0 to 5000"),
                Arguments.of("{'type':'string','maxLength':0}", "maxLength: must be a whole number from 1 to 5000"),
                Arguments.of("{'type':'string','maxLength':5001}", "maxLength: must be a whole number from 1 to 5000"),
                Arguments.of("{'type':'string','minLength':5,'maxLength':2}",
                        "maxLength: must be a whole number from 5 to 5000 (not below minLength)"),
                Arguments.of("{'type':'string','format':'email'}", "format: format 'email' is not supported: "
                        + "llama.cpp knows date, time, date-time and uuid"),
                Arguments.of("{'type':'string','format':5}", "format: format 5 is not supported: llama.cpp knows "
                        + "date, time, date-time and uuid"),
                Arguments.of("{'type':'string','pattern':5}", "pattern: must be a string"),
                Arguments.of("{'type':'string','pattern':'a+'}", "pattern: the pattern must start with '^' and end "
                        + "with '$' (llama.cpp requires both anchors)"),
                Arguments.of("{'type':'string','pattern':'^a\\\\$'}", "pattern: the pattern must start with '^' and "
                        + "end with '$' (llama.cpp requires both anchors)"),
                Arguments.of("{'type':'string','pattern':'^(a$'}", "pattern: the pattern is not a valid regular "
                        + "expression: Unclosed group"),
                Arguments.of("{'type':'string','pattern':'^(?:a)$'}", "pattern: the pattern has '(?', which crashes "
                        + "llama.cpp's converter; use plain groups"),
                Arguments.of("{'type':'string','pattern':'^a.b$'}", "pattern: the pattern has '.', which would let "
                        + "the model write a quote into the string; use a character class"),
                Arguments.of("{'type':'string','pattern':'^\\\\d{3}$'}", "pattern: the pattern has the escape "
                        + "'\\d': only \\[ \\] \\( \\) \\{ \\} \\| \\* \\+ \\? are supported "
                        + "(write [0-9] for \\d, [.] for \\.)"),
                Arguments.of("{'type':'string','pattern':'^[^a]+$'}", "pattern: the pattern has a negated class "
                        + "'[^...]', which would let the model write a quote; list the characters allowed instead"),
                Arguments.of("{'type':'string','pattern':'^[ -~]+$'}", "pattern: the pattern has the range ' -~', "
                        + "which takes in a quote, a backslash or a control character"),
                Arguments.of("{'type':'string','pattern':'^[a\\\\-z]+$'}", "pattern: the pattern has the escape "
                        + "'\\-' in a class: only \\[ and \\] are supported there (put '-' first or last)"),
                Arguments.of("{'type':'string','pattern':'^a\\'b$'}", "pattern: the pattern has a quote, which "
                        + "llama.cpp would copy into the JSON string unescaped"),
                Arguments.of("{'type':'string','pattern':'^a$b$'}", "pattern: the pattern has '$' inside: anchors "
                        + "are supported only at both ends"),
                Arguments.of("{'type':'string','pattern':'^a*?$'}", "pattern: the pattern has a lazy or possessive "
                        + "quantifier, which llama.cpp does not support"),
                Arguments.of("{'type':'string','pattern':'^a{2,5000}$'}", "pattern: the pattern repeats something "
                        + "5000 times, at most 1000 are allowed"),
                // numbers
                Arguments.of("{'type':'integer','minimum':'x'}", "minimum: must be a number"),
                Arguments.of("{'type':'integer','exclusiveMinimum':2147483647}", "exclusiveMinimum: must be a whole "
                        + "number from -2000000000 to 2000000000 for an integer (llama.cpp reads it as a C int)"),
                Arguments.of("{'type':['integer','null'],'maximum':1.5}", "maximum: must be a whole number from "
                        + "-2000000000 to 2000000000 for an integer (llama.cpp reads it as a C int)"),
                Arguments.of("{'type':'integer','minimum':1,'exclusiveMinimum':0}", "(root): use either 'minimum' or "
                        + "'exclusiveMinimum': llama.cpp reads only 'minimum'"),
                Arguments.of("{'type':'integer','minimum':10,'maximum':5}",
                        "(root): no integer fits between the lower and the upper bound"),
                Arguments.of("{'type':'integer','exclusiveMinimum':1,'exclusiveMaximum':2}",
                        "(root): no integer fits between the lower and the upper bound"),
                Arguments.of("{'type':'number','minimum':1.5,'exclusiveMaximum':1.5}",
                        "(root): no number fits between the lower and the upper bound"),
                // literals
                Arguments.of("{'enum':[]}", "enum: must be a non-empty array of values"),
                Arguments.of("{'enum':['a','b\\'c']}", "enum[1]: a quote, a backslash or a control character in a "
                        + "string breaks the grammar llama.cpp writes for it"),
                Arguments.of("{'enum':['a\\nb']}", "enum[0]: a quote, a backslash or a control character in a "
                        + "string breaks the grammar llama.cpp writes for it"),
                Arguments.of("{'const':{'a':{'$ref':'#/$defs/x'}}}", "const.a: a '$ref' key inside a value is not "
                        + "allowed: llama.cpp would resolve it"));
    }

    @ParameterizedTest
    @MethodSource("refused")
    void refusesWhatLlamaCppCannotTake(String json, String message) {
        assertThatThrownBy(() -> SchemaCheck.check(j(json))).isInstanceOf(SchemaRefused.class).hasMessage(message);
    }

    @Test
    void refusesMoreThan16KilobytesBeforeParsing() {
        String big = "{\"type\":\"string\",\"description\":\"" + "я".repeat(8_200) + "\"}";
        assertThatThrownBy(() -> SchemaCheck.check(big)).isInstanceOf(SchemaRefused.class)
                .hasMessage("(root): the schema is 16434 bytes long, at most 16384 are allowed");
    }

    @Test
    void theRefusalNamesThePlaceAndTheReasonApart() {
        assertThatThrownBy(() -> SchemaCheck.check(j("{'type':'object','properties':{'a':{'type':'x'}}}")))
                .isInstanceOfSatisfying(SchemaRefused.class, e -> {
                    assertThat(e.path()).isEqualTo("properties.a.type");
                    assertThat(e.reason()).startsWith("'x' is not one of");
                });
    }

    static Stream<String> accepted() {
        return Stream.of(
                "{'type':'object'}",
                "{'type':'string','format':'date-time'}",
                "{'type':'string','format':'uuid','title':'id','$id':'x',"
                        + "'$schema':'https://json-schema.org/draft/2020-12/schema'}",
                "{'type':'string','pattern':'^\\\\+?[0-9 ()-]{5,20}$'}",
                "{'type':'string','pattern':'^([01][0-9]|2[0-3]):[0-5][0-9]$','examples':['09:30']}",
                "{'type':'string','pattern':'^[А-ЯЁ][а-яё]+(-[А-ЯЁ][а-яё]+)?\\\\*?$'}",
                "{'type':['integer','null'],'minimum':-2000000000,'exclusiveMaximum':2000000000}",
                "{'type':'number','minimum':0.5,'maximum':0.5}",
                "{'enum':['RUB','USD',null,1,{'a':[true]}]}",
                "{'const':'ровно это'}",
                "{'type':'array','prefixItems':[{'type':'string'},{'type':'integer'}]}",
                "{'type':'array','items':{'type':'string','maxLength':3},'minItems':1,'maxItems':1,'default':[]}",
                "{'$defs':{'entry':{'type':'string'}},'type':'array','items':{'$ref':'#/$defs/entry'}}",
                "{'definitions':{'Person':{'type':'object','properties':{'name':{'type':'string'}}}},"
                        + "'allOf':[{'$ref':'#/definitions/Person'},{'properties':{'age':{'type':'integer'}}}]}",
                "{'anyOf':[{'type':'string','maxLength':10},{'type':'null'}]}",
                "{'type':'object','properties':{'имя':{'type':'string','maxLength':5},'first-name':{'type':'string',"
                        + "'maxLength':5}},'required':['имя'],'additionalProperties':false}",
                "{'type':'object','properties':{'first-name':{'type':'string'},'age':{'type':'integer'}}}",
                "{'type':'object','properties':{'a':{'oneOf':[{'const':1},{'const':2}]}},'additionalProperties':"
                        + "{'type':'boolean'}}",
                nested(8),
                manyProperties(100),
                manyStrings(4, 5000, ""));
    }

    @ParameterizedTest
    @MethodSource("accepted")
    void acceptsWhatLlamaCppConvertsWell(String json) throws SchemaRefused {
        assertThat(SchemaCheck.check(j(json)).json()).isNotEmpty();
    }

    @Test
    void presetsPass() throws SchemaRefused {
        for (String name : SchemaPresets.names()) {
            CheckedSchema preset = SchemaPresets.get(name).orElseThrow();
            assertThat(SchemaCheck.check(preset.json())).as(name).isEqualTo(preset);
        }
    }

    @Test
    void normalisesToCompactJsonKeepingKeyOrder() throws SchemaRefused {
        CheckedSchema schema = SchemaCheck.check(" {\n  \"type\" : \"object\",\n  \"properties\" : {\"b\" : "
                + "{\"type\":\"number\", \"enum\": [1.50, 2e3, 10]}, \"a\": {\"type\":\"string\"}}\n} ");
        assertThat(schema.json()).isEqualTo("{\"type\":\"object\",\"properties\":{\"b\":{\"type\":\"number\","
                + "\"enum\":[1.5,2E+3,10]},\"a\":{\"type\":\"string\"}}}");
    }

    @Test
    void theKeyIsTheSha256OfTheNormalisedText() throws SchemaRefused {
        CheckedSchema spaced = SchemaCheck.check("{ \"type\": \"object\" }");
        assertThat(spaced).isEqualTo(CheckedSchema.JSON_OBJECT);
        assertThat(spaced.key()).isEqualTo("a2c799262a3ce3c19ef5cdd983bf3d12b43ab3c426227091b909dcb7054738c0")
                .isEqualTo(SchemaCheck.check("{\"type\":\"object\"}").key());
        assertThat(SchemaCheck.check("{\"type\":\"string\"}").key()).isNotEqualTo(spaced.key());
    }

    /** An object schema nesting {@code levels} levels of schemas through properties named "a". */
    private static String nested(int levels) {
        String schema = "{'type':'string'}";
        for (int i = 1; i < levels; i++) {
            schema = "{'type':'object','properties':{'a':" + schema + "}}";
        }
        return schema;
    }

    /** An object of {@code count} strings of {@code maxLength} each, and {@code more} properties. */
    private static String manyStrings(int count, int maxLength, String more) {
        return IntStream.range(0, count).mapToObj(i -> "'s" + i + "':{'type':'string','maxLength':" + maxLength + "}")
                .collect(Collectors.joining(",", "{'type':'object','properties':{", more + "}}"));
    }

    private static String manyProperties(int count) {
        return IntStream.range(0, count).mapToObj(i -> "'p" + i + "':{'type':'boolean'}")
                .collect(Collectors.joining(",", "{'type':'object','properties':{", "}}"));
    }
}
