#pragma once

#include "scenarios/study.h"

#include <QListWidget>

namespace scalelab::gui {

/// The component kinds with their icons; drag one onto the canvas (the drag
/// carries CanvasScene::kKindMime) or double-click it to add one.
class Palette : public QListWidget
{
    Q_OBJECT
public:
    explicit Palette(QWidget* parent = nullptr);
    /// The drag payload for a kind (what dropping it on the canvas needs).
    static QMimeData* kindMime(scenarios::ComponentKind kind);

signals:
    void kindActivated(scalelab::scenarios::ComponentKind kind);

protected:
    void changeEvent(QEvent* event) override;
    QStringList mimeTypes() const override;
    QMimeData* mimeData(const QList<QListWidgetItem*>& items) const override;

private:
    void setIcons();
    bool m_dark = false; // the scheme the icons were drawn for
};

/// The icon of a kind (resources/icons/<kind>.svg).
QIcon kindIcon(scenarios::ComponentKind kind);
/// kindIcon on a light tile when the palette is dark: the kinds' colours are
/// chosen for a light background (the canvas's), and some would not read on a dark one.
QIcon legibleKindIcon(scenarios::ComponentKind kind, QSize size);
/// "load balancer" for load_balancer.
QString kindLabel(scenarios::ComponentKind kind);

} // namespace scalelab::gui
