package io.flowgate.flowjson;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import static io.flowgate.flowjson.Severity.ERROR;
import static io.flowgate.flowjson.Severity.WARNING;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class FlowJsonCompilerTest {

    private static Compilation compile(String resource) {
        return FlowJsonCompiler.compile(Json.resource("flows/" + resource));
    }

    private static Finding error(Code code, String path, String message) {
        return new Finding(code, ERROR, path, message);
    }

    private static Finding warning(Code code, String path, String message) {
        return new Finding(code, WARNING, path, message);
    }

    @Nested
    class TheExampleFlows {

        @Test
        void theAppointmentFlowCompilesWithoutErrorOrWarning() {
            Compilation compilation = compile("appointment.json");

            assertThat(compilation.errors()).isEmpty();
            assertThat(compilation.warnings()).isEmpty();
            CompiledFlow flow = compilation.flow().orElseThrow();
            assertThat(flow.screens()).extracting(Screen::id).containsExactly("APPOINTMENT", "DETAILS", "SUMMARY");
            assertThat(flow.entryScreens()).containsExactly("APPOINTMENT");
            assertThat(flow.terminalScreens()).containsExactly("SUMMARY");
            assertThat(flow.version()).contains("7.2");
            assertThat(flow.dataApiVersion()).contains("3.0");
            assertThat(flow.screen("DETAILS").orElseThrow().refreshOnBack()).isTrue();
            assertThat(flow.screen("SUMMARY").orElseThrow().declaredKeys()).containsExactly("department", "location",
                    "date", "time", "name", "email", "phone", "appointment", "details");
        }

        @Test
        void theIdDocumentFlowCompilesWithoutErrorOrWarning() {
            Compilation compilation = compile("id-document.json");

            assertThat(compilation.errors()).isEmpty();
            assertThat(compilation.warnings()).isEmpty();
            Screen upload = compilation.flow().orElseThrow().screen("UPLOAD").orElseThrow();
            assertThat(upload.terminal()).isTrue();
            assertThat(upload.declaredKeys()).isEmpty();
            assertThat(upload.exchangesData()).isTrue();
        }
    }

    @Nested
    class TheModel {

        private final CompiledFlow flow = Json.compiled("flows/booking.json");

        @Test
        void eachScreensDataModelIsATypeTreeInDeclarationOrder() {
            var slot = new DataType.ObjectType(Map.of("id", DataType.Scalar.STRING, "title", DataType.Scalar.STRING));

            assertThat(flow.screen("PICK").orElseThrow().data()).contains(new DataType.ObjectType(Map.of(
                    "headline", DataType.Scalar.STRING,
                    "price", DataType.Scalar.NUMBER,
                    "open", DataType.Scalar.BOOLEAN,
                    "owner", new DataType.ObjectType(Map.of("name", DataType.Scalar.STRING)),
                    "slots", new DataType.ArrayType(slot))));
            assertThat(flow.screen("PICK").orElseThrow().declaredKeys())
                    .containsExactly("headline", "price", "open", "owner", "slots");
            assertThat(flow.screen("CONFIRM").orElseThrow().data().orElseThrow().properties())
                    .containsEntry("extras", new DataType.ArrayType(new DataType.Nothing()))
                    .containsEntry("notes", new DataType.ArrayType(new DataType.Anything()));
            assertThat(flow.screen("TERMS").orElseThrow().data()).isEmpty();
        }

        @Test
        void examplesAreKeptAsDesignTimeDataAndCannotBeChanged() {
            Map<String, Object> examples = flow.screen("PICK").orElseThrow().examples();

            assertThat(examples).containsEntry("slots", List.of(Map.of("id", "0900", "title", "09:00")))
                    .containsEntry("price", 25.5);
            assertThatThrownBy(() -> examples.put("x", 1)).isInstanceOf(UnsupportedOperationException.class);
            @SuppressWarnings("unchecked")
            var slots = (List<Object>) examples.get("slots");
            assertThatThrownBy(() -> slots.add(1)).isInstanceOf(UnsupportedOperationException.class);
        }

        @Test
        void theActionsOfEachScreenAreListedInDocumentOrder() {
            assertThat(flow.screen("PICK").orElseThrow().actions()).containsExactly(
                    new DeclaredAction(DeclaredAction.Kind.DATA_EXCHANGE, "/screens/0/layout/children/2/on-select-action",
                            Optional.empty()),
                    new DeclaredAction(DeclaredAction.Kind.DATA_EXCHANGE, "/screens/0/layout/children/3/on-click-action",
                            Optional.empty()));
            assertThat(flow.screen("DETAILS").orElseThrow().actions()).first().isEqualTo(new DeclaredAction(
                    DeclaredAction.Kind.NAVIGATE, "/screens/1/layout/children/1/on-click-action", Optional.of("TERMS")));
            assertThat(flow.screen("TERMS").orElseThrow().actions()).extracting(DeclaredAction::kind)
                    .containsExactly(DeclaredAction.Kind.COMPLETE);
            assertThat(flow.screen("TERMS").orElseThrow().exchangesData()).isFalse();
        }

        @Test
        void theRoutingGraphHasEveryScreenAsANodeAndKnowsBothDirections() {
            RoutingGraph routing = flow.routing();

            assertThat(routing.forward("DETAILS")).containsExactly("CONFIRM", "TERMS");
            assertThat(routing.forward("TERMS")).as("a screen without a routing_model key").isEmpty();
            assertThat(routing.backward("TERMS")).containsExactly("DETAILS");
            assertThat(routing.allowedFrom("DETAILS")).containsExactly("DETAILS", "CONFIRM", "TERMS", "PICK");
            assertThat(routing.allows("PICK", "CONFIRM")).as("two hops").isFalse();
            assertThat(routing.allows("CONFIRM", "DETAILS")).as("back along an edge").isTrue();
            assertThat(routing.allows("NOWHERE", "PICK")).isFalse();
            assertThat(flow.entryScreens()).containsExactly("PICK");
            assertThat(flow.terminalScreens()).containsExactly("CONFIRM", "TERMS");
        }
    }

    @Nested
    class FatalErrors {

        @Test
        void aFlowWithoutScreensIsRefused() {
            assertThat(compile("invalid/no-screens.json").errors()).containsExactly(error(Code.SCREENS_MISSING,
                    "/screens", "a Flow JSON needs 'screens', a non-empty array of screen objects, got an empty array"));
            assertThat(compile("invalid/screens-not-array.json").errors()).containsExactly(error(Code.SCREENS_MISSING,
                    "/screens", "a Flow JSON needs 'screens', a non-empty array of screen objects, got object"));
            assertThat(FlowJsonCompiler.compile(Map.of("version", "7.3")).errors()).containsExactly(error(
                    Code.SCREENS_MISSING, "/screens",
                    "a Flow JSON needs 'screens', a non-empty array of screen objects, got no 'screens'"));
        }

        @Test
        void duplicateScreenIdsAreRefused() {
            assertThat(compile("invalid/duplicate-screen-ids.json").errors()).containsExactly(error(
                    Code.SCREEN_ID_DUPLICATE, "/screens/2/id",
                    "screen id 'A' is already used by /screens/0; give each screen a unique id"));
        }

        @Test
        void aScreenNamedSuccessIsRefused() {
            assertThat(compile("invalid/success-screen.json").errors()).containsExactly(error(Code.SCREEN_ID_RESERVED,
                    "/screens/1/id", "a screen may not be called SUCCESS: WhatsApp reserves it for completing the flow;"
                            + " rename the screen (and its routing_model entries)"));
        }

        @Test
        void screensWithoutAnIdOrOfTheWrongShapeAreRefused() {
            assertThat(compile("invalid/bad-screens.json").errors()).containsExactly(
                    error(Code.SCREEN_INVALID, "/screens/0/terminal", "'terminal' must be true or false, got string"),
                    error(Code.SCREEN_INVALID, "/screens/1",
                            "each entry of 'screens' must be a screen object with an 'id' and a 'layout', got string"),
                    error(Code.SCREEN_ID_INVALID, "/screens/2/id",
                            "screen 2 needs an 'id', a non-empty string such as \"WELCOME\", got no 'id'"),
                    error(Code.SCREEN_ID_INVALID, "/screens/3/id",
                            "screen 3 needs an 'id', a non-empty string such as \"WELCOME\", got number"));
        }

        @Test
        void aRoutingModelThatIsNotAnObjectOfStringArraysIsRefused() {
            assertThat(compile("invalid/routing-not-string-arrays.json").errors()).containsExactly(
                    error(Code.ROUTING_MODEL_INVALID, "/routing_model/A",
                            "routing_model.A must be an array of screen ids (use [] for none), got string"),
                    error(Code.ROUTING_MODEL_INVALID, "/routing_model/B/1",
                            "routing_model.B must list screen ids as strings, got number"));
            assertThat(compile("invalid/routing-not-object.json").errors()).containsExactly(error(
                    Code.ROUTING_MODEL_INVALID, "/routing_model", "routing_model must be an object mapping each screen"
                            + " id to an array of the screen ids reachable forward from it, got array"));
        }

        @Test
        void aRoutingModelNamingAnUnknownScreenIsRefusedWithAHint() {
            assertThat(compile("invalid/routing-unknown-screen.json").errors()).containsExactly(
                    error(Code.ROUTING_MODEL_UNKNOWN_SCREEN, "/routing_model/PICK/1", "routing_model.PICK routes to"
                            + " 'CONFRIM', which is not a screen id (did you mean 'CONFIRM'?) (screens: PICK, DETAILS, CONFIRM)"),
                    error(Code.ROUTING_MODEL_UNKNOWN_SCREEN, "/routing_model/PAYMENT", "routing_model has a key"
                            + " 'PAYMENT', which is not a screen id (screens: PICK, DETAILS, CONFIRM)"));
        }

        @Test
        void dataFieldsWithoutAValidTypeAreRefused() {
            assertThat(compile("invalid/data-types.json").errors()).containsExactly(
                    error(Code.DATA_TYPE_INVALID, "/screens/0/data/untyped",
                            "field 'untyped' has no 'type'; declare one of string, number, boolean, object, array"),
                    error(Code.DATA_TYPE_INVALID, "/screens/0/data/misspelt/type", "the 'type' of field 'misspelt' is"
                            + " 'strng', which is not a Flow JSON type (did you mean 'string'?); use one of string,"
                            + " number, boolean, object, array"),
                    error(Code.DATA_TYPE_INVALID, "/screens/0/data/listed/type", "the 'type' of field 'listed' must be"
                            + " a string, one of string, number, boolean, object, array, got array (Flows have no null,"
                            + " so a list such as [\"string\", \"null\"] has no use)"),
                    error(Code.DATA_MODEL_INVALID, "/screens/0/data/bare",
                            "field 'bare' must be declared as an object such as {\"type\": \"string\"}, got string"),
                    error(Code.DATA_ITEMS_MISSING, "/screens/0/data/list", "array field 'list' has no 'items'; declare"
                            + " the type of its elements, e.g. \"items\": {\"type\": \"string\"}"),
                    error(Code.DATA_MODEL_INVALID, "/screens/0/data/badItems/items", "the 'items' of field 'badItems'"
                            + " must be an object (the elements' declaration) or a boolean, got string"),
                    error(Code.DATA_TYPE_INVALID, "/screens/0/data/nested/properties/inner/type", "the 'type' of field"
                            + " 'inner' is 'date', which is not a Flow JSON type; use one of string, number, boolean,"
                            + " object, array"),
                    error(Code.DATA_MODEL_INVALID, "/screens/0/data/badProperties/properties", "the 'properties' of"
                            + " field 'badProperties' must be an object mapping names to declarations, got array"));
            assertThat(compile("invalid/data-not-object.json").errors()).containsExactly(error(Code.DATA_MODEL_INVALID,
                    "/screens/0/data", "the data model must be an object mapping each field name to its declaration,"
                            + " such as {\"title\": {\"type\": \"string\", \"__example__\": \"Hi\"}}; got array"));
        }

        @Test
        void aFailedCompilationHasNoFlowAndItsExceptionListsEveryError() {
            Compilation compilation = compile("invalid/routing-unknown-screen.json");

            assertThat(compilation.flow()).isEmpty();
            assertThatThrownBy(compilation::orElseThrow).isInstanceOfSatisfying(InvalidFlowJsonException.class, e -> {
                assertThat(e.errors()).isEqualTo(compilation.errors());
                assertThat(e.getMessage()).startsWith("2 errors in the Flow JSON:\n")
                        .contains("ERROR ROUTING_MODEL_UNKNOWN_SCREEN at /routing_model/PICK/1: routing_model.PICK",
                                "\nERROR ROUTING_MODEL_UNKNOWN_SCREEN at /routing_model/PAYMENT: ");
            });
        }
    }

    @Nested
    class LintWarnings {

        @Test
        void examplesMustBePresentAtTheTopLevelOnlyAndMatchTheirType() {
            Compilation compilation = compile("lint/examples.json");

            assertThat(compilation.errors()).isEmpty();
            assertThat(compilation.warnings()).containsExactly(
                    warning(Code.EXAMPLE_MISSING, "/screens/0/data/title", "top-level field 'title' has no"
                            + " '__example__'; Meta requires one (the Builder previews the screen with it): add a string value"),
                    warning(Code.EXAMPLE_MISMATCH, "/screens/0/data/count/__example__", "the '__example__' of field"
                            + " 'count' does not match its declaration: /screens/0/data/count/__example__ must be number,"
                            + " got string (Meta refuses such an example)"),
                    warning(Code.EXAMPLE_NOT_TOP_LEVEL, "/screens/0/data/slots/items/properties/id/__example__",
                            "'__example__' is allowed only on top-level fields of a data model (Meta refuses it here);"
                                    + " give the example on the top-level field that contains 'id'"),
                    warning(Code.EXAMPLE_MISMATCH, "/screens/0/data/slots/__example__/1/id", "the '__example__' of field"
                            + " 'slots' does not match its declaration: /screens/0/data/slots/__example__/1/id must be"
                            + " string, got number (Meta refuses such an example)"),
                    warning(Code.EXAMPLE_MISMATCH, "/screens/0/data/slots/__example__/2/id", "the '__example__' of field"
                            + " 'slots' does not match its declaration: /screens/0/data/slots/__example__/2/id is null,"
                            + " which Flows never accept (Meta refuses such an example)"));
        }

        @Test
        void aFlowWithoutAnEntryScreenIsReported() {
            assertThat(compile("lint/no-entry-screen.json").warnings()).first().isEqualTo(warning(Code.NO_ENTRY_SCREEN,
                    "/routing_model", "every screen has an inbound edge, so no answer to INIT can pass the client's"
                            + " check; remove the edges into the screen the flow opens with"));
        }

        @Test
        void referencesToUndeclaredFieldsAndUnknownScreensAreReportedWithHints() {
            Compilation compilation = compile("lint/references.json");

            assertThat(compilation.errors()).isEmpty();
            assertThat(compilation.warnings()).as("${data.slots.length} reads into an array: not judged;"
                    + " ${form.anything} is not data").containsExactly(
                    warning(Code.REFERENCE_UNDECLARED, "/screens/0/layout/children/0/text", "${data.owner.nme} reads"
                            + " 'nme', which the data model of PICK does not declare (did you mean 'name'?); declare it"
                            + " under /screens/0/data or fix the reference"),
                    warning(Code.REFERENCE_UNDECLARED, "/screens/0/layout/children/1/text", "${data.slot} reads 'slot',"
                            + " which the data model of PICK does not declare (did you mean 'slots'?); declare it under"
                            + " /screens/0/data or fix the reference"),
                    warning(Code.REFERENCE_UNDECLARED, "/screens/1/title", "${screen.PICK.data.ownr.name} reads 'ownr',"
                            + " which the data model of PICK does not declare (did you mean 'owner'?); declare it under"
                            + " /screens/0/data or fix the reference"),
                    warning(Code.REFERENCE_UNKNOWN_SCREEN, "/screens/1/layout/children/0/text",
                            "${screen.PIK.data.slots} reads screen 'PIK', which does not exist (did you mean 'PICK'?)"),
                    warning(Code.REFERENCE_UNDECLARED, "/screens/1/layout/children/1/text", "${data.anything} reads"
                            + " 'anything', which the data model of DETAILS does not declare; declare it under"
                            + " /screens/1/data or fix the reference"));
        }

        @Test
        void unknownKeywordsAreReportedNeverSilentlyIgnored() {
            assertThat(compile("lint/unknown-keywords.json").warnings()).containsExactly(
                    warning(Code.UNKNOWN_KEYWORD, "/routing_modle", "'routing_modle' is not a key Flowgate knows in the"
                            + " top level of a Flow JSON (did you mean 'routing_model'?); it is not checked"),
                    warning(Code.UNKNOWN_KEYWORD, "/screens/0/refresh_on_bak", "'refresh_on_bak' is not a key Flowgate"
                            + " knows in a screen (did you mean 'refresh_on_back'?); it is not checked"),
                    warning(Code.UNKNOWN_KEYWORD, "/screens/0/data/slots/minItems", "'minItems' on field 'slots' is not"
                            + " a data-model keyword Meta documents (type, items, properties, __example__); Flowgate does"
                            + " not check it, though the client may enforce it"),
                    warning(Code.UNKNOWN_KEYWORD, "/screens/0/data/slots/properties",
                            "'properties' on field 'slots' has no effect: the field's type is 'array'"));
            assertThat(compile("lint/navigate.json").warnings()).first().isEqualTo(warning(Code.UNKNOWN_KEYWORD,
                    "/screens/0/layout/children/2/on-click-action/name", "screen A: action 'submit' is not a Flow JSON"
                            + " action (data_exchange, navigate, complete, update_data, open_url)"));
        }

        @Test
        void anOldVersionAndAMissingDataApiVersionAreReported() {
            Compilation compilation = compile("lint/old-version.json");

            assertThat(compilation.flow()).isPresent();
            assertThat(compilation.warnings()).containsExactly(
                    warning(Code.VERSION_UNSUPPORTED, "/version", "Flow JSON version 3.1 is older than any Meta still"
                            + " publishes (5.1 and newer); move the flow to a supported version such as 7.3"),
                    warning(Code.DATA_API_VERSION_UNSUPPORTED, "/data_api_version", "no 'data_api_version': a flow"
                            + " without one never calls its endpoint; declare \"3.0\" or \"4.0\""));
            assertThat(compile("lint/versions-malformed.json").warnings()).containsExactly(
                    warning(Code.VERSION_UNSUPPORTED, "/version",
                            "the Flow JSON needs a 'version' string such as \"7.3\", got number"),
                    warning(Code.DATA_API_VERSION_UNSUPPORTED, "/data_api_version",
                            "'data_api_version' must be \"3.0\" or \"4.0\", got '2.0'"));
        }

        @Test
        void theUndocumentedIntegerTypeIsAcceptedWithAWarning() {
            Compilation compilation = compile("lint/integer-type.json");

            assertThat(compilation.warnings()).containsExactly(warning(Code.TYPE_UNDOCUMENTED,
                    "/screens/0/data/count/type", "field 'count' has type 'integer', which Meta does not document and"
                            + " may refuse at upload; use 'number' (Flowgate checks 'integer' as a number without a"
                            + " fractional part)"));
            assertThat(compilation.flow().orElseThrow().screen("A").orElseThrow().data().orElseThrow().properties())
                    .containsEntry("count", DataType.Scalar.INTEGER);
        }

        @Test
        void withoutARoutingModelTheGraphIsDerivedFromNavigateActionsAsTheClientDoes() {
            Compilation compilation = compile("lint/no-routing-model.json");

            assertThat(compilation.warnings()).containsExactly(warning(Code.ROUTING_MODEL_MISSING, "/routing_model",
                    "no routing_model: the client derives one from the navigate actions, and so does Flowgate; a flow"
                            + " with an endpoint must declare it (each screen id -> the screens reachable forward from it)"));
            RoutingGraph routing = compilation.flow().orElseThrow().routing();
            assertThat(routing.forward("A")).containsExactly("B");
            assertThat(routing.entryScreens()).containsExactly("A");
        }

        @Test
        void loopsIncludingAScreenRoutedToItselfAreReported() {
            String fix = "; Meta refuses loops at publish: list forward edges only (an edge already lets the user go"
                    + " back, and a screen may always refresh itself)";
            assertThat(compile("lint/routing-loop.json").warnings()).containsExactly(
                    warning(Code.ROUTING_LOOP, "/routing_model/B", "the routing model has a loop B -> C -> B" + fix),
                    warning(Code.ROUTING_LOOP, "/routing_model/B", "the routing model has a loop B -> B" + fix));
        }

        @Test
        void moreThanTenBranchesFromOneScreenAreReported() {
            assertThat(compile("lint/too-many-branches.json").warnings()).containsExactly(warning(
                    Code.ROUTING_TOO_MANY_BRANCHES, "/routing_model/HUB",
                    "screen HUB routes to 11 screens; Meta allows at most 10 per screen"));
        }

        @Test
        void navigateActionsMustNameARoutedScreen() {
            assertThat(compile("lint/navigate.json").warnings()).containsSequence(
                    warning(Code.NAVIGATE_NOT_ROUTED, "/screens/0/layout/children/0/on-click-action/next/name",
                            "screen A navigates to C but routing_model has no edge A -> C; Meta refuses that at publish:"
                                    + " add the edge"),
                    warning(Code.NAVIGATE_UNKNOWN_SCREEN, "/screens/0/layout/children/1/on-click-action/next/name",
                            "screen A navigates to 'D', which is not a screen id"));
        }
    }
}
