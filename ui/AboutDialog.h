#pragma once

#include <QDialog>

class QTableWidget;

namespace onair::ui {

// Help -> About: OnAir's version and every linked library's run-time version. Also the first
// place to look in a bug report, hence the copy button.
class AboutDialog : public QDialog {
    Q_OBJECT
public:
    explicit AboutDialog(QWidget* parent = nullptr);

    // The same text the copy button puts on the clipboard.
    QString reportText() const;

private:
    QTableWidget* table_ = nullptr;
};

} // namespace onair::ui
