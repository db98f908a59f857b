package dev.relay.policy.spi;

/** Why a result holds fewer rows than the query produced. Serialised lower case. */
public enum TruncatedBy {
    ROWS,
    BYTES
}
