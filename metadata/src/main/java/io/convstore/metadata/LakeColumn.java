package io.convstore.metadata;

import java.io.Serializable;

/**
 * A column of a type's lake table: {@code name} gets the value at JSON pointer {@code from} into the event
 * (e.g. {@code /payload/text}, {@code /actor/role}), converted to {@code type} after {@code transform}.
 * {@code required} columns refuse events without the value (their schema must require it too).
 */
public record LakeColumn(String name, String from, ColumnType type, Transform transform, boolean required)
        implements Serializable {}
