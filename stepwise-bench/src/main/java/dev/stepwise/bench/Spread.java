package dev.stepwise.bench;

import java.util.Arrays;
import java.util.List;
import java.util.function.ToDoubleFunction;

/** Median, minimum and maximum of a figure over repetitions. */
record Spread(double median, double min, double max) {

    static <T> Spread of(List<T> runs, ToDoubleFunction<T> figure) {
        double[] values = runs.stream().mapToDouble(figure).sorted().toArray();
        if (values.length == 0) {
            return new Spread(Double.NaN, Double.NaN, Double.NaN);
        }
        int n = values.length;
        double median = n % 2 == 1 ? values[n / 2] : (values[n / 2 - 1] + values[n / 2]) / 2;
        return new Spread(median, values[0], values[n - 1]);
    }

    /** {@code "median [min–max]"}, each number written with {@code number} (a format such as {@code "%.2f"}). */
    String format(String number) {
        return String.format(number + " [" + number + "–" + number + "]", median, min, max);
    }

    static Spread of(double... values) {
        return of(Arrays.stream(values).boxed().toList(), Double::doubleValue);
    }
}
