/**
 * Internals of the MongoDB connector: settings parsing, BSON conversion, schema inference, error mapping.
 * Not API: anything here may change without notice.
 */
@NullMarked
package dev.relay.connectors.mongo.internal;

import org.jspecify.annotations.NullMarked;
