package io.flowgate.flowjson;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static io.flowgate.flowjson.Severity.ERROR;
import static io.flowgate.flowjson.Severity.INFO;
import static io.flowgate.flowjson.Severity.WARNING;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The answer rules, each against flows/booking.json: PICK (entry) -> DETAILS -> CONFIRM or TERMS; DETAILS has
 * refresh_on_back; TERMS declares no data.
 */
class ResponseCheckerTest {

    private static final String TOKEN = "token-of-this-request";
    private static final String PICK_DATA = """
            {"headline": "Pick a time", "price": 25, "open": true, "owner": {"name": "Ada"},
             "slots": [{"id": "0900", "title": "09:00"}]}""";
    private static final String DETAILS_DATA = """
            {"slot": "0900", "seats": [1, 2.5]}""";

    private final ResponseChecker checker = new ResponseChecker(Json.compiled("flows/booking.json"));

    private Verdict check(RequestContext request, String answer) {
        return checker.check(request, Json.parse(answer));
    }

    private static String answer(String screen, String data) {
        return "{\"screen\": \"" + screen + "\", \"data\": " + data + "}";
    }

    private static Finding finding(Code code, Severity severity, String path, String message) {
        return new Finding(code, severity, path, message);
    }

    @Nested
    class Envelope {

        @Test
        void theAnswerMustNameAScreen() {
            assertThat(check(RequestContext.init(TOKEN), "{\"data\": {}}").findings()).containsExactly(finding(
                    Code.ENVELOPE_SCREEN, ERROR, "/screen",
                    "the answer must name the screen to show in 'screen' (a non-empty string), got no 'screen'"));
            assertThat(check(RequestContext.init(TOKEN), "{\"screen\": 7, \"data\": {}}").findings()).containsExactly(
                    finding(Code.ENVELOPE_SCREEN, ERROR, "/screen",
                            "the answer must name the screen to show in 'screen' (a non-empty string), got number"));
        }

        @Test
        void theAnswerMustCarryDataAsAnObject() {
            assertThat(check(RequestContext.init(TOKEN), "{\"screen\": \"PICK\"}").findings()).containsExactly(finding(
                    Code.ENVELOPE_DATA, ERROR, "/data", "PICK: the answer must carry 'data' as a JSON object (send {}"
                            + " when there is nothing to send), got no 'data'"));
            assertThat(check(RequestContext.init(TOKEN), answer("PICK", "[]")).findings()).containsExactly(finding(
                    Code.ENVELOPE_DATA, ERROR, "/data", "PICK: the answer must carry 'data' as a JSON object (send {}"
                            + " when there is nothing to send), got array"));
        }

        @Test
        void anErrorMessageMustBeAStringAndNeedsNoDeclaration() {
            assertThat(check(RequestContext.dataExchange("PICK", TOKEN),
                    answer("PICK", PICK_DATA.replace("{\"headline\"", "{\"error_message\": 3, \"headline\""))).findings())
                    .containsExactly(finding(Code.ENVELOPE_ERROR_MESSAGE, ERROR, "/data/error_message",
                            "PICK: /data/error_message is the snackbar text and must be a string, got number"));
            assertThat(check(RequestContext.dataExchange("PICK", TOKEN),
                    answer("PICK", PICK_DATA.replace("{\"headline\"", "{\"error_message\": \"Try again\", \"headline\""))))
                    .isSameAs(Verdict.CLEAN);
        }

        @Test
        void extraTopLevelKeysSuchAsVersionAreHarmless() {
            assertThat(check(RequestContext.init(TOKEN), "{\"version\": \"3.0\", \"screen\": \"PICK\", \"data\": "
                    + PICK_DATA + "}").isClean()).isTrue();
        }
    }

    @Nested
    class Screens {

        @Test
        void theScreenMustExist() {
            assertThat(check(RequestContext.dataExchange("PICK", TOKEN), answer("PAYMENT", "{}")).findings())
                    .containsExactly(finding(Code.ROUTE_UNKNOWN_SCREEN, ERROR, "/screen", "screen PAYMENT is not"
                            + " defined in the Flow JSON (screens: PICK, DETAILS, CONFIRM, TERMS); answer with one of"
                            + " them, or check that the Flow JSON Flowgate has is the one published to Meta"));
        }

        @Test
        void initMustOpenAnEntryScreen() {
            assertThat(check(RequestContext.init(TOKEN), answer("PICK", PICK_DATA))).isSameAs(Verdict.CLEAN);
            assertThat(check(RequestContext.init(TOKEN), answer("DETAILS", DETAILS_DATA)).findings()).containsExactly(
                    finding(Code.ROUTE_INIT_NOT_ENTRY, ERROR, "/screen", "INIT must be answered with an entry screen"
                            + " (one without an inbound edge); DETAILS has an inbound edge from PICK (entry screens: PICK)"));
        }

        @Test
        void aRequestWithoutASourceScreenIsJudgedLikeInit() {
            assertThat(check(RequestContext.back("", TOKEN), answer("DETAILS", DETAILS_DATA)).findings())
                    .containsExactly(finding(Code.ROUTE_INIT_NOT_ENTRY, ERROR, "/screen", "BACK without a source screen"
                            + " must be answered with an entry screen (one without an inbound edge); DETAILS has an"
                            + " inbound edge from PICK (entry screens: PICK)"));
        }

        @Test
        void aScreenMayRefreshItselfGoForwardAlongAnEdgeOrBackAlongOne() {
            assertThat(check(RequestContext.dataExchange("PICK", TOKEN), answer("PICK", PICK_DATA))).isSameAs(Verdict.CLEAN);
            assertThat(check(RequestContext.dataExchange("PICK", TOKEN), answer("DETAILS", DETAILS_DATA)))
                    .isSameAs(Verdict.CLEAN);
            assertThat(check(RequestContext.dataExchange("CONFIRM", TOKEN), answer("DETAILS", DETAILS_DATA)))
                    .as("back along DETAILS -> CONFIRM").isSameAs(Verdict.CLEAN);
        }

        @Test
        void twoHopsAreNotAllowed() {
            assertThat(check(RequestContext.dataExchange("PICK", TOKEN), answer("CONFIRM",
                    "{\"summary\": \"s\", \"extras\": [], \"notes\": []}")).findings()).containsExactly(finding(
                    Code.ROUTE_NOT_ALLOWED, ERROR, "/screen", "transition PICK -> CONFIRM is not allowed by"
                            + " routing_model (allowed from PICK: PICK (refresh), DETAILS (forward)); answer with one of"
                            + " these or add the edge to routing_model"));
        }

        @Test
        void aRequestFromAScreenTheFlowJsonLacksIsReportedAndItsAnswerStillChecked() {
            assertThat(check(RequestContext.dataExchange("OLD_SCREEN", TOKEN), answer("PICK", "{\"headline\": 1}"))
                    .findings()).startsWith(
                    finding(Code.ROUTE_UNKNOWN_SOURCE, WARNING, "/screen", "the request came from screen OLD_SCREEN,"
                            + " which the Flow JSON does not define, so the transition to PICK is not checked; is the"
                            + " Flow JSON Flowgate has the one published to Meta?"),
                    finding(Code.DATA_TYPE, ERROR, "/data/headline", "PICK: /data/headline must be string, got number"));
        }

        @Test
        void backShouldGoToAScreenWithAnEdgeIntoTheScreenBeingLeft() {
            assertThat(check(RequestContext.back("DETAILS", TOKEN), answer("PICK", PICK_DATA))).isSameAs(Verdict.CLEAN);
            assertThat(check(RequestContext.back("DETAILS", TOKEN), answer("CONFIRM",
                    "{\"summary\": \"s\", \"extras\": [], \"notes\": []}")).findings()).containsExactly(finding(
                    Code.ROUTE_BACK_UNUSUAL, WARNING, "/screen", "BACK from DETAILS answered with CONFIRM; the user"
                            + " expects a screen with an edge into DETAILS (PICK)"));
        }

        @Test
        void successIsNotRoutedFromAnyScreen() {
            String success = answer("SUCCESS", "{\"extension_message_response\": {\"params\": {\"flow_token\": \""
                    + TOKEN + "\"}}}");

            assertThat(check(RequestContext.dataExchange("PICK", TOKEN), success)).isSameAs(Verdict.CLEAN);
            assertThat(check(RequestContext.init(TOKEN), success)).isSameAs(Verdict.CLEAN);
        }
    }

    @Nested
    class Data {

        @Test
        void typesAreCheckedRecursivelyWithArrayIndexesInThePath() {
            String data = """
                    {"headline": 5, "price": "25.50", "open": "true", "owner": [],
                     "slots": [{"id": "a", "title": "A"}, {"id": "b"}, {"title": "C"}, {"id": 9, "title": "D"}, "E"]}""";

            assertThat(check(RequestContext.init(TOKEN), answer("PICK", data)).findings()).containsExactly(
                    finding(Code.DATA_TYPE, ERROR, "/data/headline", "PICK: /data/headline must be string, got number"),
                    finding(Code.DATA_TYPE, ERROR, "/data/price", "PICK: /data/price must be number, got string"),
                    finding(Code.DATA_TYPE, ERROR, "/data/open", "PICK: /data/open must be boolean, got string"),
                    finding(Code.DATA_TYPE, ERROR, "/data/owner", "PICK: /data/owner must be object, got array"),
                    finding(Code.DATA_TYPE, ERROR, "/data/slots/3/id", "PICK: /data/slots/3/id must be string, got number"),
                    finding(Code.DATA_TYPE, ERROR, "/data/slots/4", "PICK: /data/slots/4 must be object, got string"));
        }

        @Test
        void nullIsRefusedAnywhereInData() {
            String data = """
                    {"headline": null, "price": 1, "open": true, "owner": {"name": null},
                     "slots": [], "extra": {"list": [1, null]}}""";
            String nullFix = " is null; WhatsApp rejects null anywhere in data (leave the key out or send an empty"
                    + " value such as \"\")";

            assertThat(check(RequestContext.init(TOKEN), answer("PICK", data)).findings()).containsExactly(
                    finding(Code.DATA_NULL, ERROR, "/data/headline", "PICK: /data/headline" + nullFix),
                    finding(Code.DATA_NULL, ERROR, "/data/owner/name", "PICK: /data/owner/name" + nullFix),
                    finding(Code.DATA_UNDECLARED, WARNING, "/data/extra", "PICK: /data/extra is not declared in the"
                            + " data model of PICK; no component can show it: declare it or stop sending it"),
                    finding(Code.DATA_NULL, ERROR, "/data/extra/list/1", "PICK: /data/extra/list/1" + nullFix));
        }

        @Test
        void everyDeclaredKeyMustBePresentWhenEnteringAScreen() {
            String missing = " is declared in the data model of PICK but missing; send every declared key when"
                    + " entering a screen";

            assertThat(check(RequestContext.init(TOKEN), answer("PICK", "{\"headline\": \"x\", \"open\": true}"))
                    .findings()).containsExactly(
                    finding(Code.DATA_MISSING, ERROR, "/data/price", "PICK: /data/price" + missing),
                    finding(Code.DATA_MISSING, ERROR, "/data/owner", "PICK: /data/owner" + missing),
                    finding(Code.DATA_MISSING, ERROR, "/data/slots", "PICK: /data/slots" + missing));
        }

        @Test
        void aSameScreenRefreshMayLeaveKeysOutBecauseTheClientKeepsThem() {
            Verdict verdict = check(RequestContext.dataExchange("PICK", TOKEN),
                    answer("PICK", "{\"headline\": \"x\", \"open\": true, \"owner\": {}, \"slots\": []}"));

            assertThat(verdict.findings()).containsExactly(finding(Code.DATA_MISSING, INFO, "/data/price",
                    "PICK: /data/price is not in this refresh; the client keeps the value the screen already has"));
            assertThat(verdict.hasErrors()).isFalse();
        }

        @Test
        void undeclaredKeysAreWarningsWithADidYouMeanHint() {
            assertThat(check(RequestContext.dataExchange("PICK", TOKEN), answer("DETAILS",
                    "{\"slots\": \"0900\", \"seats\": []}")).findings()).containsExactly(
                    finding(Code.DATA_MISSING, ERROR, "/data/slot", "DETAILS: /data/slot is declared in the data model"
                            + " of DETAILS but missing; send every declared key when entering a screen"),
                    finding(Code.DATA_UNDECLARED, WARNING, "/data/slots", "DETAILS: /data/slots is not declared in the"
                            + " data model of DETAILS (did you mean 'slot'?); no component can show it: declare it or"
                            + " stop sending it"));
        }

        @Test
        void undeclaredNestedKeysAreOnlyInformationBecauseComponentsMayReadThem() {
            String data = PICK_DATA.replace("{\"id\": \"0900\", \"title\": \"09:00\"}",
                    "{\"id\": \"0900\", \"title\": \"09:00\", \"enabled\": false}, {\"id\": \"1000\", \"titel\": \"10:00\"}");

            assertThat(check(RequestContext.init(TOKEN), answer("PICK", data)).findings()).containsExactly(
                    finding(Code.DATA_UNDECLARED, INFO, "/data/slots/0/enabled", "PICK: /data/slots/0/enabled is not"
                            + " declared in the data model of PICK; the client passes it on unchecked"),
                    finding(Code.DATA_UNDECLARED, INFO, "/data/slots/1/titel", "PICK: /data/slots/1/titel is not"
                            + " declared in the data model of PICK (did you mean 'title'?); the client passes it on unchecked"));
        }

        @Test
        void aScreenWithoutADataModelIgnoresDataButStillRefusesNull() {
            assertThat(check(RequestContext.dataExchange("DETAILS", TOKEN), answer("TERMS", "{}"))).isSameAs(Verdict.CLEAN);
            assertThat(check(RequestContext.dataExchange("DETAILS", TOKEN), answer("TERMS",
                    "{\"error_message\": \"Read them\"}"))).isSameAs(Verdict.CLEAN);
            assertThat(check(RequestContext.dataExchange("DETAILS", TOKEN), answer("TERMS",
                    "{\"a\": 1, \"b\": null}")).findings()).containsExactly(
                    finding(Code.DATA_NOT_EXPECTED, WARNING, "/data", "TERMS declares no data, so the client ignores the"
                            + " 2 keys of this answer; declare them in the screen's data model or leave them out"),
                    finding(Code.DATA_NULL, ERROR, "/data/b", "TERMS: /data/b is null; WhatsApp rejects null anywhere in"
                            + " data (leave the key out or send an empty value such as \"\")"));
        }

        @Test
        void anExtensionMessageResponseOnAnOrdinaryScreenIsIgnoredByTheClient() {
            assertThat(check(RequestContext.dataExchange("PICK", TOKEN), answer("PICK", PICK_DATA.replace("{\"headline\"",
                    "{\"extension_message_response\": {\"params\": {}}, \"headline\""))).findings()).containsExactly(
                    finding(Code.EMR_IGNORED, WARNING, "/data/extension_message_response", "PICK:"
                            + " /data/extension_message_response is ignored on screens other than SUCCESS; answer with"
                            + " screen SUCCESS to complete the flow"));
        }

        @Test
        void itemsTrueAcceptsAnyValueButNullAndItemsFalseOnlyAnEmptyArray() {
            assertThat(check(RequestContext.dataExchange("CONFIRM", TOKEN), answer("CONFIRM",
                    "{\"summary\": \"s\", \"extras\": [], \"notes\": [1, \"a\", {\"x\": [true]}]}"))).isSameAs(Verdict.CLEAN);
            assertThat(check(RequestContext.dataExchange("CONFIRM", TOKEN), answer("CONFIRM",
                    "{\"summary\": \"s\", \"extras\": [\"x\"], \"notes\": [{\"x\": null}]}")).findings()).containsExactly(
                    finding(Code.DATA_TYPE, ERROR, "/data/extras/0", "CONFIRM: /data/extras/0 is not allowed: its"
                            + " array's 'items' is false, so the array must be empty"),
                    finding(Code.DATA_NULL, ERROR, "/data/notes/0/x", "CONFIRM: /data/notes/0/x is null; WhatsApp"
                            + " rejects null anywhere in data (leave the key out or send an empty value such as \"\")"));
        }

        @Test
        void anyJsonNumberIsANumberAndIntegerMeansNoFractionalPart() {
            var integers = new ResponseChecker(Json.compiled("flows/lint/integer-type.json"));

            assertThat(check(RequestContext.dataExchange("DETAILS", TOKEN), answer("DETAILS",
                    "{\"slot\": \"s\", \"seats\": [1, -2.5, 1e3, 12345678901234567890]}"))).isSameAs(Verdict.CLEAN);
            assertThat(integers.check(RequestContext.init(TOKEN), Json.parse(answer("A", "{\"count\": 3.0}"))).isClean())
                    .isTrue();
            assertThat(integers.check(RequestContext.init(TOKEN), Json.parse(answer("A", "{\"count\": 3.5}"))).findings())
                    .containsExactly(finding(Code.DATA_TYPE, ERROR, "/data/count",
                            "A: /data/count must be integer, got a number with a fractional part"));
        }
    }

    @Nested
    class Success {

        @Test
        void successMustCarryParams() {
            assertThat(check(RequestContext.dataExchange("CONFIRM", TOKEN), answer("SUCCESS", "{}")).findings())
                    .containsExactly(finding(Code.SUCCESS_NO_PARAMS, ERROR, "/data/extension_message_response",
                            "SUCCESS without /data/extension_message_response/params as an object: the flow closes but"
                                    + " no completion message reaches the webhook; put the completion values and"
                                    + " flow_token there"));
            assertThat(check(RequestContext.dataExchange("CONFIRM", TOKEN), answer("SUCCESS",
                    "{\"extension_message_response\": {\"params\": []}}")).findings()).extracting(Finding::code,
                    Finding::path).containsExactly(
                    org.assertj.core.groups.Tuple.tuple(Code.SUCCESS_NO_PARAMS, "/data/extension_message_response/params"));
        }

        @Test
        void successMustEchoTheRequestsFlowTokenWithoutTheMessageShowingEither() {
            Verdict wrong = check(RequestContext.dataExchange("CONFIRM", TOKEN), answer("SUCCESS",
                    "{\"extension_message_response\": {\"params\": {\"flow_token\": \"another-token\"}}}"));

            assertThat(wrong.findings()).containsExactly(finding(Code.SUCCESS_TOKEN, ERROR,
                    "/data/extension_message_response/params/flow_token",
                    "SUCCESS: params.flow_token is not the request's flow_token; echo the token of this request"));
            assertThat(check(RequestContext.dataExchange("CONFIRM", TOKEN), answer("SUCCESS",
                    "{\"extension_message_response\": {\"params\": {\"booked\": true}}}")).findings()).containsExactly(
                    finding(Code.SUCCESS_TOKEN, ERROR, "/data/extension_message_response/params/flow_token",
                            "SUCCESS: params.flow_token must be the request's flow_token (a string), got no flow_token"));
        }

        @Test
        void withoutARequestTokenAnyEchoedTokenPasses() {
            assertThat(check(RequestContext.dataExchange("CONFIRM", null), answer("SUCCESS",
                    "{\"extension_message_response\": {\"params\": {\"flow_token\": \"t\"}}}"))).isSameAs(Verdict.CLEAN);
        }

        @Test
        void paramsMustHoldNoNullAndKeysBesideThemAreIgnored() {
            assertThat(check(RequestContext.dataExchange("CONFIRM", TOKEN), answer("SUCCESS", "{\"error_message\": \"x\","
                    + " \"extension_message_response\": {\"params\": {\"flow_token\": \"" + TOKEN + "\","
                    + " \"name\": null}}}")).findings()).containsExactly(
                    finding(Code.DATA_NULL, ERROR, "/data/extension_message_response/params/name", "SUCCESS:"
                            + " /data/extension_message_response/params/name is null; WhatsApp rejects null values"
                            + " (leave the key out or send an empty value such as \"\")"),
                    finding(Code.DATA_NOT_EXPECTED, WARNING, "/data/error_message", "SUCCESS: /data/error_message is"
                            + " ignored, the flow closes; only extension_message_response.params reaches the webhook"));
        }
    }

    @Nested
    class Findings {

        @Test
        void messagesNameKeysTypesAndPathsButNeverValues() {
            var secrets = List.of("ada@example.com", "+44 20 7946 0000", "4711", "Ada Lovelace", "s3cr3t-token");
            String data = """
                    {"headline": 4711, "price": "ada@example.com", "open": "+44 20 7946 0000", "owner": {"name": ["Ada Lovelace"]},
                     "slots": [{"id": 4711, "title": "Ada Lovelace"}], "nme": "Ada Lovelace"}""";
            var verdicts = List.of(
                    check(RequestContext.init("s3cr3t-token"), answer("PICK", data)),
                    check(RequestContext.dataExchange("CONFIRM", "s3cr3t-token"), answer("SUCCESS",
                            "{\"extension_message_response\": {\"params\": {\"flow_token\": \"ada@example.com\"}}}")),
                    check(RequestContext.dataExchange("CONFIRM", "ada@example.com"), answer("SUCCESS",
                            "{\"extension_message_response\": {\"params\": {\"flow_token\": \"s3cr3t-token\"}}}")));

            assertThat(verdicts).allSatisfy(verdict -> assertThat(verdict.hasErrors()).isTrue());
            assertThat(verdicts).flatExtracting(Verdict::findings).extracting(Finding::message)
                    .allSatisfy(message -> assertThat(message).doesNotContain(secrets));
        }

        @Test
        void findingsAreCappedButAnOmittedErrorStillCounts() {
            var slots = new ArrayList<Object>();
            for (int i = 0; i < 60; i++) {
                slots.add(Map.of("id", "s" + i, "title", "t", "extra", true));
            }
            slots.add(Map.of("id", 7, "title", "t"));
            var data = new LinkedHashMap<String, Object>(Json.parse(PICK_DATA));
            data.put("slots", slots);
            data.put("undeclared", "x");

            Verdict verdict = checker.check(RequestContext.init(TOKEN), Map.of("screen", "PICK", "data", data));

            assertThat(verdict.findings()).hasSize(ResponseChecker.MAX_FINDINGS)
                    .allSatisfy(finding -> assertThat(finding.severity()).isEqualTo(INFO));
            assertThat(verdict.omitted()).isEqualTo(12);
            assertThat(verdict.hasErrors()).as("the DATA_TYPE of /data/slots/60/id was omitted, not forgotten").isTrue();
        }

        @Test
        void keysThatWouldBreakALogLineAreEscapedInPathsAndMessages() {
            var data = new HashMap<String, Object>(Json.parse(DETAILS_DATA));
            data.put("a/b~c\nd", 1);

            Verdict verdict = checker.check(RequestContext.dataExchange("DETAILS", TOKEN),
                    Map.of("screen", "DETAILS", "data", data));

            assertThat(verdict.findings()).extracting(Finding::path).containsExactly("/data/a~1b~0c?d");
            assertThat(verdict.findings().getFirst().message()).doesNotContain("\n");
        }

        @Test
        void aWalkStopsAtSixtyFourLevelsInsteadOfOverflowingTheStack() {
            Object deep = List.of();
            for (int i = 0; i < 100; i++) {
                deep = List.of(deep);
            }
            var data = Map.of("summary", "s", "extras", List.of(), "notes", deep);

            Verdict verdict = checker.check(RequestContext.dataExchange("CONFIRM", TOKEN),
                    Map.of("screen", "CONFIRM", "data", data));

            assertThat(verdict.findings()).extracting(Finding::code, Finding::severity).containsExactly(
                    org.assertj.core.groups.Tuple.tuple(Code.DATA_TOO_DEEP, WARNING));
            assertThat(verdict.findings().getFirst().path()).startsWith("/data/notes/0/0/").endsWith("/0")
                    .hasSize("/data/notes".length() + 2 * ValueWalker.MAX_DEPTH);
        }

        @Test
        void eachCodeNamesTheErrorKeyTheClientWouldReport() {
            assertThat(Code.ROUTE_NOT_ALLOWED.clientErrorKey()).contains("invalid-screen-transition");
            assertThat(Code.DATA_NULL.clientErrorKey()).contains("payload-schema-error");
            assertThat(Code.DATA_UNDECLARED.clientErrorKey()).isEmpty();
        }
    }

    @Nested
    class TheAppointmentPlugin {

        private final ResponseChecker appointment = new ResponseChecker(Json.compiled("flows/appointment.json"));
        @SuppressWarnings("unchecked")
        private final List<Map<String, Object>> exchanges =
                (List<Map<String, Object>>) Json.resource("flows/appointment-answers.json").get("exchanges");

        @Test
        void everyRealAnswerOfThePluginChecksClean() {
            assertThat(exchanges).hasSize(10);
            for (Map<String, Object> exchange : exchanges) {
                @SuppressWarnings("unchecked")
                var answer = (Map<String, Object>) exchange.get("answer");
                assertThat(appointment.check(request(exchange), answer)).as("answer to %s", exchange.get("request"))
                        .isSameAs(Verdict.CLEAN);
            }
        }

        @Test
        void theSameAnswersFailOnceBroken() {
            Map<String, Object> toSummary = exchanges.get(4);
            @SuppressWarnings("unchecked")
            var answer = new LinkedHashMap<String, Object>((Map<String, Object>) toSummary.get("answer"));
            @SuppressWarnings("unchecked")
            var data = new LinkedHashMap<String, Object>((Map<String, Object>) answer.get("data"));
            data.remove("details");
            answer.put("data", data);
            answer.put("screen", "SUMMARY");

            assertThat(appointment.check(request(toSummary), answer).findings()).containsExactly(finding(
                    Code.DATA_MISSING, ERROR, "/data/details", "SUMMARY: /data/details is declared in the data model"
                            + " of SUMMARY but missing; send every declared key when entering a screen"));
            assertThat(appointment.check(RequestContext.dataExchange("APPOINTMENT", "t"), answer).findings())
                    .extracting(Finding::code).startsWith(Code.ROUTE_NOT_ALLOWED);
        }

        private static RequestContext request(Map<String, Object> exchange) {
            @SuppressWarnings("unchecked")
            var request = (Map<String, Object>) exchange.get("request");
            RequestAction action = switch ((String) request.get("action")) {
                case "INIT" -> RequestAction.INIT;
                case "BACK" -> RequestAction.BACK;
                case "data_exchange" -> RequestAction.DATA_EXCHANGE;
                default -> throw new IllegalArgumentException("unknown action in the fixture");
            };
            return new RequestContext(action, (String) request.get("screen"),
                    java.util.Optional.of((String) request.get("flow_token")));
        }
    }
}
