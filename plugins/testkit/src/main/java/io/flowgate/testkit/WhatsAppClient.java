package io.flowgate.testkit;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;

import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.OAEPParameterSpec;
import javax.crypto.spec.PSource;
import javax.crypto.spec.SecretKeySpec;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.SecureRandom;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.MGF1ParameterSpec;
import java.security.spec.X509EncodedKeySpec;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Plays the WhatsApp client against a Flows data endpoint, with the JDK's crypto only: a fresh AES-128 key
 * per request, wrapped with RSA-OAEP-SHA256, the payload under AES-GCM with a random 16-byte IV, and the
 * answer decrypted with the bit-flipped IV.
 */
public final class WhatsAppClient {

    private static final OAEPParameterSpec OAEP_SHA256 = new OAEPParameterSpec(
            "SHA-256", "MGF1", MGF1ParameterSpec.SHA256, PSource.PSpecified.DEFAULT);
    private static final TypeReference<Map<String, Object>> OBJECT = new TypeReference<>() {
    };

    private final URI baseUri;
    private final RSAPublicKey endpointKey;
    private final String appSecret;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final ObjectMapper json = new ObjectMapper();
    private final SecureRandom random = new SecureRandom();

    /**
     * @param baseUri     the server, e.g. {@code http://127.0.0.1:8080}
     * @param endpointKey the public key uploaded to Meta for the endpoint
     */
    public WhatsAppClient(URI baseUri, RSAPublicKey endpointKey) {
        this(baseUri, endpointKey, null);
    }

    private WhatsAppClient(URI baseUri, RSAPublicKey endpointKey, String appSecret) {
        this.baseUri = baseUri;
        this.endpointKey = endpointKey;
        this.appSecret = appSecret;
    }

    /** The same client, signing every request's raw body with {@code X-Hub-Signature-256} as Meta does. */
    public WhatsAppClient signingWith(String metaAppSecret) {
        return new WhatsAppClient(baseUri, endpointKey, metaAppSecret);
    }

    /** {@code sha256=} and the hex HMAC-SHA256 of {@code body} under {@code appSecret}. */
    public static String hubSignature(String appSecret, String body) {
        try {
            javax.crypto.Mac mac = javax.crypto.Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(appSecret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return "sha256=" + java.util.HexFormat.of().formatHex(mac.doFinal(body.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK has no HmacSHA256", e);
        }
    }

    /** Reads a {@code -----BEGIN PUBLIC KEY-----} PEM. */
    public static RSAPublicKey publicKeyFromPem(String pem) {
        String base64 = pem.replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
        try {
            return (RSAPublicKey) KeyFactory.getInstance("RSA")
                    .generatePublic(new X509EncodedKeySpec(Base64.getDecoder().decode(base64)));
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("not an RSA public key PEM", e);
        }
    }

    /** An encrypted request and the secrets needed to read its answer. */
    public record SealedRequest(String encryptedFlowData, String encryptedAesKey, String initialVector,
                                byte[] aesKey, byte[] iv) {
        /** The JSON body WhatsApp would POST. */
        public String body() {
            return envelope(encryptedFlowData, encryptedAesKey, initialVector);
        }

        /** The same request with one field replaced, for tests of hostile input. */
        public String bodyWith(String field, String value) {
            return envelope(field.equals("encrypted_flow_data") ? value : encryptedFlowData,
                    field.equals("encrypted_aes_key") ? value : encryptedAesKey,
                    field.equals("initial_vector") ? value : initialVector);
        }

        private static String envelope(String data, String key, String iv) {
            return "{\"encrypted_flow_data\":\"" + data + "\",\"encrypted_aes_key\":\"" + key
                    + "\",\"initial_vector\":\"" + iv + "\"}";
        }
    }

    /**
     * The endpoint's answer.
     *
     * @param status    the HTTP status
     * @param body      the raw body
     * @param decrypted the decrypted JSON answer, when the status is 200 or 427
     */
    public record Reply(int status, String body, Optional<Map<String, Object>> decrypted) {
        @SuppressWarnings("unchecked")
        public Map<String, Object> data() {
            return (Map<String, Object>) json().get("data");
        }

        public String screen() {
            return (String) json().get("screen");
        }

        public Map<String, Object> json() {
            return decrypted.orElseThrow(() -> new AssertionError("no decrypted answer: HTTP " + status + " " + body));
        }
    }

    public SealedRequest seal(Map<String, Object> payload) {
        try {
            return seal(json.writeValueAsBytes(payload));
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("the payload cannot be written as JSON", e);
        }
    }

    /** Encrypts exact bytes, which need not be JSON: for tests of what the server does with them. */
    public SealedRequest seal(byte[] plaintext) {
        byte[] aesKey = new byte[16];
        byte[] iv = new byte[16];
        random.nextBytes(aesKey);
        random.nextBytes(iv);
        try {
            Cipher rsa = Cipher.getInstance("RSA/ECB/OAEPPadding");
            rsa.init(Cipher.ENCRYPT_MODE, endpointKey, OAEP_SHA256);
            Cipher gcm = Cipher.getInstance("AES/GCM/NoPadding");
            gcm.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(aesKey, "AES"), new GCMParameterSpec(128, iv));
            Base64.Encoder b64 = Base64.getEncoder();
            return new SealedRequest(b64.encodeToString(gcm.doFinal(plaintext)), b64.encodeToString(rsa.doFinal(aesKey)),
                    b64.encodeToString(iv), aesKey, iv);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK could not encrypt the request", e);
        }
    }

    /** Encrypts {@code payload}, posts it to {@code /flows/{flowId}} and decrypts the answer. */
    public Reply send(String flowId, Map<String, Object> payload) {
        SealedRequest request = seal(payload);
        return post(flowId, request.body(), request);
    }

    /** Posts {@code body} as it is; a 200 answer is decrypted with {@code secrets}, when given. */
    public Reply post(String flowId, String body, SealedRequest secrets) {
        HttpResponse<String> response;
        try {
            var request = HttpRequest.newBuilder(baseUri.resolve("/flows/" + flowId))
                    .timeout(Duration.ofSeconds(15))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(body));
            if (appSecret != null) {
                request.header("X-Hub-Signature-256", hubSignature(appSecret, body));
            }
            response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new IllegalStateException("the endpoint did not answer: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
        // 200 answers and the 427 error_msg are encrypted; every other status is plain text.
        boolean encrypted = response.statusCode() == 200 || response.statusCode() == 427;
        Optional<Map<String, Object>> decrypted = encrypted && secrets != null
                ? Optional.of(decrypt(response.body(), secrets)) : Optional.empty();
        return new Reply(response.statusCode(), response.body(), decrypted);
    }

    /** Decrypts an answer as the WhatsApp client does: same key, IV with every bit inverted. */
    public Map<String, Object> decrypt(String base64Body, SealedRequest secrets) {
        byte[] flipped = new byte[secrets.iv().length];
        for (int i = 0; i < flipped.length; i++) {
            flipped[i] = (byte) ~secrets.iv()[i];
        }
        try {
            Cipher gcm = Cipher.getInstance("AES/GCM/NoPadding");
            gcm.init(Cipher.DECRYPT_MODE, new SecretKeySpec(secrets.aesKey(), "AES"), new GCMParameterSpec(128, flipped));
            byte[] plaintext = gcm.doFinal(Base64.getDecoder().decode(base64Body));
            return json.readValue(new String(plaintext, StandardCharsets.UTF_8), OBJECT);
        } catch (GeneralSecurityException | IOException | IllegalArgumentException e) {
            throw new AssertionError("the answer does not decrypt as WhatsApp would decrypt it: " + e, e);
        }
    }

    /** A request payload: {@code version 3.0} plus the given fields, in order. */
    public static Map<String, Object> payload(String action, String screen, Map<String, Object> data, String flowToken) {
        var payload = new LinkedHashMap<String, Object>();
        payload.put("version", "3.0");
        payload.put("action", action);
        if (screen != null) {
            payload.put("screen", screen);
        }
        if (data != null) {
            payload.put("data", data);
        }
        if (flowToken != null) {
            payload.put("flow_token", flowToken);
        }
        return payload;
    }
}
