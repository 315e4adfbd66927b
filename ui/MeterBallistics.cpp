#include "ui/MeterBallistics.h"

#include <algorithm>

namespace onair::ui {

double MeterBallistics::fallen(double from, double seconds) {
    return std::max(silenceDb, from - fallDbPerSecond * std::max(0.0, seconds));
}

void MeterBallistics::update(double now, double peakDb) {
    if (!(peakDb > silenceDb)) { // also NaN and -inf: silence never raises anything
        return;
    }
    // ">=" restarts the hold on a peak as high as the held one: a steady tone stays held.
    if (peakDb >= barDb(now)) {
        bar_ = peakDb;
        barAt_ = now;
    }
    if (peakDb >= holdDb(now)) {
        hold_ = peakDb;
        holdAt_ = now;
    }
}

double MeterBallistics::barDb(double now) const {
    return fallen(bar_, now - barAt_);
}

double MeterBallistics::holdDb(double now) const {
    return fallen(hold_, now - holdAt_ - holdSeconds);
}

void MeterBallistics::reset() {
    *this = MeterBallistics{};
}

} // namespace onair::ui
