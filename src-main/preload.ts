import { contextBridge, ipcRenderer } from 'electron';

// The only thing the renderer can reach: one function into the staff API.
contextBridge.exposeInMainWorld('staffBridge', {
  invoke: (name: string, input: unknown) => ipcRenderer.invoke('staff-api', name, input),
});
