import { dialog, Menu, type MenuItemConstructorOptions } from 'electron';
import { PRODUCT_NAME } from '../../shared/version';

export function menuTemplate(opts: { isPackaged: boolean; version: string; workspacePath: string }): MenuItemConstructorOptions[] {
  return [
    { label: '文件', submenu: [{ role: 'quit', label: '退出' }] },
    {
      label: '编辑',
      submenu: [
        { role: 'undo', label: '撤销' },
        { role: 'redo', label: '重做' },
        { type: 'separator' },
        { role: 'cut', label: '剪切' },
        { role: 'copy', label: '复制' },
        { role: 'paste', label: '粘贴' },
        { role: 'selectAll', label: '全选' },
      ],
    },
    {
      label: '查看',
      submenu: [
        { role: 'reload', label: '重新加载' },
        { role: 'resetZoom', label: '实际大小' },
        { role: 'zoomIn', label: '放大' },
        { role: 'zoomOut', label: '缩小' },
        { role: 'togglefullscreen', label: '全屏' },
        ...(opts.isPackaged ? [] : [{ role: 'toggleDevTools' as const, label: '开发者工具' }]),
      ],
    },
    {
      label: '帮助',
      submenu: [
        {
          label: `关于${PRODUCT_NAME}`,
          click: () =>
            void dialog.showMessageBox({
              type: 'info',
              title: `关于${PRODUCT_NAME}`,
              message: `${PRODUCT_NAME} ${opts.version}`,
              detail: `阳泉市大气污染防治工作领导组办公室\n工作区：${opts.workspacePath}`,
            }),
        },
      ],
    },
  ];
}

export function buildMenu(opts: { isPackaged: boolean; version: string; workspacePath: string }): Menu {
  return Menu.buildFromTemplate(menuTemplate(opts));
}
