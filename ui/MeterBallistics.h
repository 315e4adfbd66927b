#pragma once

namespace onair::ui {

// Peak-meter ballistics for one channel, as broadcast PPMs and DAW meters show a peak (IEC
// 60268-18 / EBU practice): the bar rises at once and falls back at `fallDbPerSecond`; the held
// peak (the marker and the number) stays at the highest recent peak for `holdSeconds`, then falls
// at the same rate. Pure arithmetic on the time it is given, so a test can drive it with a fake
// clock. The input is the engine's "highest sample since the previous read": a click between two
// GUI reads arrives with the next read, so the meter can never miss it.
class MeterBallistics {
public:
    static constexpr double holdSeconds = 1.5;
    static constexpr double fallDbPerSecond = 20.0;
    // Anything at or below this is silence (a fallen peak stops here).
    static constexpr double silenceDb = -200.0;

    // One read at `now` (seconds on any monotonic clock).
    void update(double now, double peakDb);
    // The bar at `now`: the last peak read, falling back since it was read.
    double barDb(double now) const;
    // The held peak at `now`: the highest peak, held, then falling back.
    double holdDb(double now) const;
    void reset();

private:
    static double fallen(double from, double seconds);

    double bar_ = silenceDb;
    double barAt_ = 0.0;
    double hold_ = silenceDb;
    double holdAt_ = 0.0;
};

} // namespace onair::ui
