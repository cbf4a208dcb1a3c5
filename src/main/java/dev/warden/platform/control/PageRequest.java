package dev.warden.platform.control;

import java.util.List;

/** The page and size a list request asked for (SPEC 2: page from 1, size 1..100, default 20). */
public record PageRequest(int page, int size) {

    public int offset() {
        return (page - 1) * size;
    }

    public <T> Page<T> answer(List<T> items, long total) {
        return new Page<>(items, total, page, size);
    }
}
