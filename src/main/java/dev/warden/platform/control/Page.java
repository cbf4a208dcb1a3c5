package dev.warden.platform.control;

import java.util.List;

/** One page of a list, as every list endpoint answers it. */
public record Page<T>(List<T> items, long total, int page, int size) {
}
