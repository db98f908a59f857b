/**
 * PII detection and masking. Start here: {@link dev.relay.masking.Masker}.
 *
 * <p>Jackson is optional ({@code requires static}): only {@code Masker.maskJson} takes a
 * {@code JsonNode}, and the masker checks at run time whether Jackson is present. RE2/J runs the
 * operators' custom patterns; it is an implementation detail (no RE2/J type in the API), so it is
 * not re-exported. RE2/J 1.8 ships no module name, so its name {@code re2j} is derived from the
 * jar's file name; see ARCHITECTURE.md, "Modules", for why we accept that.
 */
@SuppressWarnings({"requires-automatic", "module"})
module dev.relay.masking {
    requires static transitive com.fasterxml.jackson.databind;
    requires re2j;
    requires static transitive org.jspecify;

    exports dev.relay.masking;
}
