package io.flowgate.examples.appointment;

import io.flowgate.spi.ErrorNotification;
import io.flowgate.spi.FlowAbandonment;
import io.flowgate.spi.FlowCompletion;
import io.flowgate.spi.FlowRequest;
import io.flowgate.spi.FlowResponse;
import io.flowgate.spi.FlowRouter;
import io.flowgate.spi.RoutedFlowPlugin;

import java.time.Clock;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Books an appointment in three screens (see src/main/resources/flow.json, carried in the jar):
 * APPOINTMENT (department, location, date, time) -> DETAILS (name, email, phone) -> SUMMARY -> completion.
 *
 * <p>Each screen's submit carries the earlier answers in its payload, which is how Flow JSON passes values
 * along ({@code ${data.department}} and so on). The APPOINTMENT answers are also kept in the session: going
 * back (DETAILS and SUMMARY have {@code refresh_on_back}) sends no data, and the screen we go back to must
 * still show them.
 */
public final class AppointmentFlow extends RoutedFlowPlugin {

    static final String FLOW_ID = "appointment";
    private static final Pattern EMAIL = Pattern.compile("[^@\\s]+@[^@\\s]+\\.[^@\\s]+");
    private static final Pattern PHONE = Pattern.compile("\\+?[0-9 ()-]{6,20}");
    private static final System.Logger LOG = System.getLogger(AppointmentFlow.class.getName());

    /** The APPOINTMENT screen's fields, which every later screen carries. */
    private static final List<String> CARRIED = List.of("department", "location", "date", "time");
    private static final String APPOINTMENT_ANSWERS = "appointment";

    private final Clock clock;

    /** The constructor ServiceLoader uses. */
    public AppointmentFlow() {
        this(Clock.systemDefaultZone());
    }

    AppointmentFlow(Clock clock) {
        this.clock = clock;
    }

    @Override
    public String flowId() {
        return FLOW_ID;
    }

    @Override
    protected void routes(FlowRouter.Builder routes) {
        routes.onInit(request -> appointmentScreen())
                .onSubmit("APPOINTMENT", this::afterAppointment)
                .onSubmit("DETAILS", this::afterDetails)
                .onSubmit("SUMMARY", AppointmentFlow::complete)
                .onBack("DETAILS", request -> appointmentScreen())
                .onBack("SUMMARY", request -> FlowResponse.screen("DETAILS", kept(request)));
    }

    @Override
    public void onErrorNotification(ErrorNotification notification) {
        LOG.log(System.Logger.Level.WARNING, "the client rejected our answer on {0}: {1}",
                notification.screen(), notification.errorKey());
    }

    /**
     * WhatsApp's completion message reached the webhook. A real plugin would confirm the booking in its
     * calendar here (idempotently, keyed by the message id) and send the user a summary message.
     */
    @Override
    public void onCompletion(FlowCompletion completion) {
        LOG.log(System.Logger.Level.INFO, "appointment booked: {0} at {1} on {2} {3} (completion {4})",
                completion.response().get("department"), completion.response().get("location"),
                completion.response().get("date"), completion.response().get("time"), completion.messageId());
    }

    /**
     * The user left the booking at {@code abandonment.screen()} and has not come back for the server's
     * flowgate.sessions.abandon-after. A real plugin would send a reminder here (a WhatsApp template message with
     * the flow, which reopens the same token while it is live), idempotently per token and abandonedAt(), since a
     * call can be repeated. The log line names the screen only: the token and the user's answers are not for logs.
     */
    @Override
    public void onAbandoned(FlowAbandonment abandonment) {
        LOG.log(System.Logger.Level.INFO, "reminder due: an appointment booking was left at screen {0}",
                abandonment.screen());
    }

    private FlowResponse appointmentScreen() {
        return FlowResponse.screen("APPOINTMENT", appointmentData());
    }

    private Map<String, Object> appointmentData() {
        return Map.of(
                "departments", Option.toData(Clinic.DEPARTMENTS),
                "locations", Option.toData(Clinic.LOCATIONS),
                "dates", Option.toData(Clinic.dates(LocalDate.now(clock))),
                "times", Option.toData(Clinic.TIMES));
    }

    private FlowResponse afterAppointment(FlowRequest request) {
        String department = request.text("department").orElse("");
        String location = request.text("location").orElse("");
        String date = request.text("date").orElse("");
        String time = request.text("time").orElse("");
        List<Option> dates = Clinic.dates(LocalDate.now(clock));
        if (!Option.contains(Clinic.DEPARTMENTS, department) || !Option.contains(Clinic.LOCATIONS, location)
                || !Option.contains(dates, date) || !Option.contains(Clinic.TIMES, time)) {
            return FlowResponse.screenWithError("APPOINTMENT", appointmentData(),
                    "Please choose a department, a location, a date and a time.");
        }
        if (!Clinic.offers(location, department)) {
            return FlowResponse.screenWithError("APPOINTMENT", appointmentData(),
                    Option.titleOf(Clinic.DEPARTMENTS, department) + " is not available at "
                            + Option.titleOf(Clinic.LOCATIONS, location) + ". Please choose another location.");
        }
        request.session().put(APPOINTMENT_ANSWERS, carried(request));
        return FlowResponse.screen("DETAILS", carried(request));
    }

    /** The APPOINTMENT answers kept in the session, for a step that carries none (BACK). */
    private static Map<String, Object> kept(FlowRequest request) {
        var kept = new LinkedHashMap<String, Object>();
        Map<String, Object> stored = request.session().map(APPOINTMENT_ANSWERS).orElse(Map.of());
        for (String field : CARRIED) {
            kept.put(field, stored.get(field) instanceof String value ? value : "");
        }
        return kept;
    }

    private FlowResponse afterDetails(FlowRequest request) {
        String name = request.text("name").orElse("").strip();
        String email = request.text("email").orElse("").strip();
        String phone = request.text("phone").orElse("").strip();
        if (name.isEmpty()) {
            return FlowResponse.screenWithError("DETAILS", carried(request), "Please enter your name.");
        }
        if (!EMAIL.matcher(email).matches()) {
            return FlowResponse.screenWithError("DETAILS", carried(request),
                    "\"" + email + "\" does not look like an email address.");
        }
        if (!PHONE.matcher(phone).matches()) {
            return FlowResponse.screenWithError("DETAILS", carried(request), "Please enter a phone number.");
        }
        var data = new LinkedHashMap<String, Object>(carried(request));
        data.put("name", name);
        data.put("email", email);
        data.put("phone", phone);
        data.put("appointment", Option.titleOf(Clinic.DEPARTMENTS, text(request, "department")) + " at "
                + Option.titleOf(Clinic.LOCATIONS, text(request, "location")) + "\n"
                + Option.titleOf(Clinic.dates(LocalDate.now(clock)), text(request, "date")) + " at " + text(request, "time"));
        data.put("details", "Name: " + name + "\nEmail: " + email + "\nPhone: " + phone);
        return FlowResponse.screen("SUMMARY", data);
    }

    private static FlowResponse complete(FlowRequest request) {
        var params = new LinkedHashMap<String, Object>(carried(request));
        params.put("name", text(request, "name"));
        params.put("email", text(request, "email"));
        params.put("phone", text(request, "phone"));
        return FlowResponse.complete(params);
    }

    /** The APPOINTMENT answers every later screen carries along. */
    private static Map<String, Object> carried(FlowRequest request) {
        var carried = new LinkedHashMap<String, Object>();
        for (String field : CARRIED) {
            carried.put(field, text(request, field));
        }
        return carried;
    }

    private static String text(FlowRequest request, String field) {
        return request.text(field).orElse("");
    }
}
