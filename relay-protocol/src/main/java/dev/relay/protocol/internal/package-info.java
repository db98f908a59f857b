/**
 * Implementation details of the codec. Not API: anything here may change without notice.
 */
@NullMarked
package dev.relay.protocol.internal;

import org.jspecify.annotations.NullMarked;
