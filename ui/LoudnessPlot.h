#pragma once

#include <QWidget>
#include <vector>

namespace onair::ui {

// Short-term loudness over the episode (one value per second) with the target as a line:
// where the episode is loud or quiet at a glance, before and after normalisation.
class LoudnessPlot : public QWidget {
    Q_OBJECT
public:
    explicit LoudnessPlot(QWidget* parent = nullptr);

    void setSeries(const std::vector<float>& before, const std::vector<float>& after,
                   double targetLufs);
    QSize sizeHint() const override { return {520, 160}; }
    const std::vector<float>& afterSeries() const { return after_; }

protected:
    void paintEvent(QPaintEvent* event) override;

private:
    std::vector<float> before_;
    std::vector<float> after_;
    double target_ = -16.0;
};

} // namespace onair::ui
