#pragma once

#include <QWidget>

namespace onair::ui {

// What an area shows before it has content: a title and a hint, centred. Used by the track
// area and the prompter until an episode is open.
class EmptyStateWidget : public QWidget {
    Q_OBJECT
public:
    EmptyStateWidget(const QString& title, const QString& hint, QWidget* parent = nullptr);

    QString title() const { return title_; }
    QString hint() const { return hint_; }

protected:
    void paintEvent(QPaintEvent* event) override;

private:
    QString title_;
    QString hint_;
};

} // namespace onair::ui
