/** How many compressed layer bytes a scan reads, by default, for the bytes of one failing file. */
export const defaultLayerBudgetBytes = 256 * 1024 * 1024;
